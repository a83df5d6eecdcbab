/**
 * The MIME types of agentic-mmm's notebook outputs and the payload version both sides speak.
 * The kernel (kernel-lib/src/notebook/bundles.ts) writes them; the JupyterLab extension's
 * renderers register for them. One definition, so the two cannot disagree.
 */

export const MIME = {
  trace: "application/vnd.agentic-mmm.trace+json",
  question: "application/vnd.agentic-mmm.question+json",
  chat: "application/vnd.agentic-mmm.chat+json",
  plotly: "application/vnd.plotly.v1+json",
} as const;

export type MimeType = (typeof MIME)[keyof typeof MIME];

/**
 * The payload version the kernel writes and the extension reads. Bump it on a change an older
 * reader would misread: the extension then shows "update the extension or agentic-mmm" instead
 * of a wrong picture.
 */
export const PAYLOAD_VERSION = 1;
