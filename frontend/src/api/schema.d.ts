/**
 * Provisional types for the authentication endpoints, written from the API v1 contract until
 * backend/openapi.yaml is published; `npm run gen:types` replaces this whole file.
 */

export interface paths {
    "/api/v1/auth/login/": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: { query?: never; header?: never; path?: never; cookie?: never };
            requestBody: { content: { "application/json": components["schemas"]["Login"] } };
            responses: {
                200: { headers: { [name: string]: unknown }; content: { "application/json": components["schemas"]["Me"] } };
                400: { headers: { [name: string]: unknown }; content: { "application/problem+json": components["schemas"]["Problem"] } };
                401: { headers: { [name: string]: unknown }; content: { "application/problem+json": components["schemas"]["Problem"] } };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout/": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: { query?: never; header?: never; path?: never; cookie?: never };
            requestBody?: never;
            responses: {
                204: { headers: { [name: string]: unknown }; content?: never };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me/": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: { query?: never; header?: never; path?: never; cookie?: never };
            requestBody?: never;
            responses: {
                200: { headers: { [name: string]: unknown }; content: { "application/json": components["schemas"]["Me"] } };
                401: { headers: { [name: string]: unknown }; content: { "application/problem+json": components["schemas"]["Problem"] } };
                403: { headers: { [name: string]: unknown }; content: { "application/problem+json": components["schemas"]["Problem"] } };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Login: { username: string; password: string };
        Organisation: { readonly id: string; readonly name: string; readonly kind: string };
        Me: {
            readonly username: string;
            readonly role: components["schemas"]["RoleEnum"];
            readonly organisation: components["schemas"]["Organisation"];
        };
        /** @enum {string} */
        RoleEnum: "startup" | "regulator" | "advocate" | "admin";
        ProblemFieldError: { pointer: string; code: string; detail: string };
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            code: string;
            errors?: components["schemas"]["ProblemFieldError"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
