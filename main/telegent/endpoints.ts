/** Telegent endpoint paths, exactly as documented (docs/telegent-facts.md). */
export const ENDPOINTS = {
  token: '/v1.0/oauth2/tokens',
  provision: '/v1.0/numbers/provision',
  order: '/v1.0/numbers/order',
  numbers: '/v1.0/numbers',
  inventory: '/v1.0/numbers/inventory',
  status: '/v1.0/numbers/status',
  messageRoutes: '/v1.0/account/message/routes',
  voiceRoutes: '/v1.0/account/voice/routes',
  accounts: '/v1.0/distributor/accounts',
  subscribers: '/v1.0/distributor/subscribers',
} as const;

export type EndpointPath = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];
