export { generateAsyncApi, renderAsyncApiYaml, messageId, ASYNCAPI_DOCUMENT_VERSION } from './generate';
export { SchemaBuilder, enumSchemas } from './json-schema';
