export { createMcpServer } from './server';
export type { McpServerOptions, McpServerStats, RelaisMcpServer } from './server';
export { buildCatalogue } from './tools';
export type { McpTool } from './tools';
