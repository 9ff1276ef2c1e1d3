import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Turns a cloud-init template into the Terraform expression that a VM's `custom_data`
 * takes: `${base64encode("…${var.keyvault_name}…")}`. The template's text becomes an
 * escaped HCL string; each placeholder becomes an interpolation of a Terraform
 * expression, so that `var.keyvault_name` stays a live reference in the synthesized
 * JSON (and the vault name never comes from the vault resource).
 *
 * Why not `Fn.base64encode(text)`: cdktf refuses strings with double quotes in function
 * arguments, and its escaping misses `%{` and backslashes (measured, cdktf 0.21.0).
 *
 * Placeholders are written `${name}`, as in Terraform's `templatefile`. Any other `${…}`
 * is refused with its line: in a shell script it would be a brace expansion that
 * Terraform reads as interpolation. Shell variables are written `$NAME`.
 */

export type TemplateName = 'cloud-init-server.yaml' | 'cloud-init-agent.yaml';

/** Placeholder name → Terraform expression (`var.keyvault_name`, `azurerm_x.y.attr`). */
type TemplateExpressions = Readonly<Record<string, string>>;

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TemplateError';
  }
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** The body of an HCL quoted template: escaped text with `${expression}` interpolations. */
export function renderTemplate(source: string, expressions: TemplateExpressions, file = '<template>'): string {
  const used = new Set<string>();
  let body = '';
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    const name = (match[1] ?? '').trim();
    const line = lineAt(source, match.index);
    if (source[match.index - 1] === '$') {
      const written = "'$${" + name + "}'";
      throw new TemplateError(`${written} is an escaped placeholder; write shell variables as $NAME, without braces`, file, line);
    }
    const expression = expressions[name];
    if (!Object.hasOwn(expressions, name) || expression === undefined) {
      const known = Object.keys(expressions).join(', ');
      throw new TemplateError(
        `unknown placeholder '${match[0]}' (known: ${known}); write shell variables as $NAME, without braces`,
        file,
        line,
      );
    }
    used.add(name);
    body += escapeHclString(source.slice(last, match.index)) + '${' + expression + '}';
    last = match.index + match[0].length;
  }
  body += escapeHclString(source.slice(last));

  const unused = Object.keys(expressions).filter((name) => !used.has(name));
  if (unused.length > 0) throw new TemplateError(`never used by the template: ${unused.join(', ')}`, file, 1);
  return body;
}

/** `custom_data`'s value: the rendered template, base64-encoded by Terraform. */
export function base64encodeExpression(templateBody: string): string {
  return '${base64encode("' + templateBody + '")}';
}

/** Escapes literal text for an HCL quoted string, where `${` and `%{` would start a template. */
export function escapeHclString(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
    .replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    // Replacer functions, not strings: in a replacement string `$$` means a single `$`.
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** Where the templates live, next to `src/`. */
export function templatePath(name: TemplateName): string {
  return fileURLToPath(new URL(`../templates/${name}`, import.meta.url));
}

/** Reads a template and returns the `custom_data` expression for it. */
export function cloudInitCustomData(name: TemplateName, expressions: TemplateExpressions): string {
  const source = readFileSync(templatePath(name), 'utf8');
  return base64encodeExpression(renderTemplate(source, expressions, `infra-app/templates/${name}`));
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
