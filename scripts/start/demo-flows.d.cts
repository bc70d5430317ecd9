// Types of scripts/start/demo-flows.cjs for the end-to-end suite.
import type { FlowNode } from './node-red.cjs';

export interface LocalEndpoints {
  ordersUrl: string;
  aiUrl: string;
  emulatorUrl: string;
  botId: string;
  apiKey: string;
}

export const EXAMPLE_ORDERS_URL: string;
export function readExamples(examplesDir: string): FlowNode[];
export function localiseExamples(nodes: FlowNode[], local: LocalEndpoints): FlowNode[];
export function mergeDemo(deployed: FlowNode[], demo: FlowNode[]): FlowNode[];
