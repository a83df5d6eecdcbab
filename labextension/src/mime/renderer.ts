/**
 * One Lumino widget for every agentic-mmm MIME type: it hands the model's JSON to a plain DOM
 * view (../views/*) and clears it on disposal. The views validate the payload and show an error
 * box rather than throw.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";

export type View = (host: HTMLElement, data: unknown) => void | Promise<void>;

export class AgentOutput extends Widget implements IRenderMime.IRenderer {
  readonly #mimeType: string;
  readonly #view: View;
  readonly #cleanup?: (host: HTMLElement) => void;

  constructor(options: IRenderMime.IRendererOptions, view: View, cleanup?: (host: HTMLElement) => void) {
    super();
    this.#mimeType = options.mimeType;
    this.#view = view;
    this.#cleanup = cleanup;
    this.addClass("ammm-output");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.#cleanup?.(this.node);
    await this.#view(this.node, model.data[this.#mimeType]);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.#cleanup?.(this.node);
    super.dispose();
  }
}
