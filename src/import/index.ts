// Importing actions: an OpenAPI description or a cURL command becomes typed http_request blocks.
export { importOpenApi } from './openapi';
export type { ImportOpenApiOptions } from './openapi';
export type { ImportedBlock, ImportedCredential, ImportedVariable, CredentialShape, OpenApiImport, CurlImport } from './types';
export { importCurl } from './curl';
