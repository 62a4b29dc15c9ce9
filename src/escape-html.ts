/** Text made safe inside HTML text and quoted attributes (the mock's pages, the CLI's callback page). */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
