/**
 * Python's `ipaddress` parsing rules, as far as Django's URL and e-mail
 * checks ask "is this an IPv4 / IPv6 address?".
 */

/** Python's `IPv4Address(text)` succeeds: four decimal octets, no leading zeros. */
export function isIPv4Address(text: string): boolean {
  if (text.includes('/')) return false;
  const octets = text.split('.');
  if (octets.length !== 4) return false;
  for (const octet of octets) {
    if (!/^[0-9]{1,3}$/.test(octet)) return false;
    if (octet !== '0' && octet[0] === '0') return false;
    if (Number(octet) > 255) return false;
  }
  return true;
}

/** Python's `IPv6Address(text)` succeeds (a `%scope` suffix allowed). */
export function isIPv6Address(text: string): boolean {
  if (text.includes('/')) return false;
  const percent = text.indexOf('%');
  let addr = text;
  if (percent >= 0) {
    const scope = text.slice(percent + 1);
    if (!scope || scope.includes('%')) return false;
    addr = text.slice(0, percent);
  }
  if (!addr) return false;
  const parts = addr.split(':');
  if (parts.length < 3) return false;
  if (parts[parts.length - 1].includes('.')) {
    if (!isIPv4Address(parts.pop()!)) return false;
    parts.push('0', '0');
  }
  if (parts.length > 9) return false;
  let skipIndex: number | undefined;
  for (let i = 1; i < parts.length - 1; i++) {
    if (!parts[i]) {
      if (skipIndex !== undefined) return false; // at most one '::'
      skipIndex = i;
    }
  }
  let hi: number;
  let lo: number;
  if (skipIndex !== undefined) {
    hi = skipIndex;
    lo = parts.length - skipIndex - 1;
    if (!parts[0] && --hi) return false; // a leading ':' only as '::'
    if (!parts[parts.length - 1] && --lo) return false; // a trailing ':' only as '::'
    if (8 - (hi + lo) < 1) return false;
  } else {
    if (parts.length !== 8 || !parts[0] || !parts[parts.length - 1]) return false;
    hi = parts.length;
    lo = 0;
  }
  const hextets = [...parts.slice(0, hi), ...parts.slice(parts.length - lo)];
  return hextets.every((h) => /^[0-9a-fA-F]{1,4}$/.test(h));
}

/** Python's `ipaddress.ip_address(text)` succeeds; which kind it is. */
export function ipAddressVersion(text: string): 4 | 6 | undefined {
  if (isIPv4Address(text)) return 4;
  if (isIPv6Address(text)) return 6;
  return undefined;
}
