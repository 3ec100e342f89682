export const CLIENT_ADDRESS_HEADER: "x-frontdesk-client-ip";
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: number,
): string;
export function trustedProxyCount(value: string | undefined): number;
