// The local Slack stand-in: a fake Web API server, a signed-request client and
// payload builders. See README.md in this folder.
export * from './web-api.js';
export * from './signed-client.js';
export * from './payloads.js';
export * from './socket-mode.js';
