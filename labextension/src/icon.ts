/** The side panel's tab icon: a small rising curve (a response curve), in the theme's icon colour. */
import { LabIcon } from "@jupyterlab/ui-components";

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161"><path d="M3 20h18v1.5H3z"/><path d="M4 18.5c4.5 0 6-11.5 10-11.5 2.6 0 4 2.5 6 2.5v1.6c-2.6 0-3.8-2.5-6-2.5-3 0-4.3 11.5-10 11.5z"/><circle cx="14" cy="7" r="1.6"/></g></svg>`;

export const agentIcon = new LabIcon({ name: "agentic-mmm:agent", svgstr: svg });
