/**
 * Django's django/core/validators.py, as far as urlize uses it: the host
 * name patterns of DomainNameValidator and EmailValidator's checks.
 *
 * Django compiles these with re.IGNORECASE. JavaScript's `iu` flags fold
 * case as Python does except for the dotless and dotted I (U+0131, U+0130),
 * which Python also matches with ASCII letters; the classes name them.
 */
import { isIPv4Address, isIPv6Address } from './ipaddress.js';

/** Django's `ul`: the Unicode letters range, BMP only as in Python. */
const ul = '\\u00a1-\\uffff';
const letters = `a-z\\u0130\\u0131`;

/** DomainNameValidator.hostname_re: one label, no dash at either end. */
export const hostnameRe = `[${letters}${ul}0-9](?:[${letters}${ul}0-9-]{0,61}[${letters}${ul}0-9])?`;
/** DomainNameValidator.domain_re: the dotted labels after the first. */
export const domainRe = `(?:\\.(?!-)[${letters}${ul}0-9-]{1,63}(?<!-))*`;
/** DomainNameValidator.tld_no_fqdn_re: the top-level domain, or a punycode label. */
export const tldNoFqdnRe = `\\.(?!-)(?:[${letters}${ul}-]{2,63}|xn--[${letters}0-9]{1,59})(?<!-)`;

const atext = "-!#$%&'*+/=?^_`{}|~0-9A-Z\\u0130\\u0131";
// EmailValidator.user_regex: a dot-atom, or a quoted string.
const userRegex = /* @__PURE__ */ new RegExp(
  `^[${atext}]+(?:\\.[${atext}]+)*$` +
    '|^"(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f!#-\\[\\]-\\x7f]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0e-\\x7f])*"$',
  'iu',
);
const domainRegex = /* @__PURE__ */ new RegExp(`^${hostnameRe}${domainRe}${tldNoFqdnRe}$`, 'iu');
const literalRegex = /^\[([A-F0-9:.]+)\]$/i;

/** Django's `validate_ipv46_address` passes (Django's IPv6 check also caps the length at 39). */
function isIPv46Address(text: string): boolean {
  return isIPv4Address(text) || (text.length <= 39 && isIPv6Address(text));
}

/**
 * Django's `EmailValidator(allowlist=...)(value)` passes: a user part, an
 * `@`, and a domain name or a bracketed IP address; 320 characters at most.
 */
export function isValidEmail(value: string, allowlist: readonly string[] = ['localhost']): boolean {
  // At most 320 characters: code points, which a UTF-16 length bounds.
  if (!value || !value.includes('@') || (value.length > 320 && (value.length > 640 || Array.from(value).length > 320))) {
    return false;
  }
  const at = value.lastIndexOf('@');
  const userPart = value.slice(0, at);
  const domainPart = value.slice(at + 1);
  if (!userRegex.test(userPart)) return false;
  if (allowlist.includes(domainPart)) return true;
  if (domainRegex.test(domainPart)) return true;
  const literal = literalRegex.exec(domainPart);
  return literal !== null && isIPv46Address(literal[1]);
}
