/**
 * The agent's markdown replies rendered by JupyterLab's own markdown renderer (the rendermime
 * registry's, untrusted: sanitised like any untrusted notebook output), into a node the panel
 * can place at once; the rendering fills it when done.
 */
import type { IRenderMimeRegistry } from "@jupyterlab/rendermime";
import { MimeModel } from "@jupyterlab/rendermime";

export function markdownRenderer(registry: IRenderMimeRegistry): (text: string) => HTMLElement {
  return (text) => {
    const renderer = registry.createRenderer("text/markdown");
    renderer.addClass("ammm-chat-markdown");
    // On failure the plain text stays: a reply is never lost to a rendering problem.
    renderer.node.textContent = text;
    void renderer.renderModel(new MimeModel({ data: { "text/markdown": text }, trusted: false })).catch(() => {
      renderer.node.textContent = text;
    });
    return renderer.node;
  };
}
