export { ConsoleConfig, DEV_ADMIN_TOKEN } from './config';
export { API_ROUTES } from './api-routes';
export { buildOpenApiDocument } from './openapi/openapi-document';
