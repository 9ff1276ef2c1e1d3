// The template renderer: examples in, Terraform template text out, and every way it refuses input.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TemplateError,
  base64encodeExpression,
  cloudInitCustomData,
  escapeHclString,
  renderTemplate,
  templatePath,
} from '../src/cloud-init.js';

describe('renderTemplate', () => {
  it('turns placeholders into interpolations of the given expressions', () => {
    expect(renderTemplate('vault=${keyvault_name} ip=${ node1_private_ip }', {
      keyvault_name: 'var.keyvault_name',
      node1_private_ip: 'azurerm_network_interface.node1_nic.private_ip_address',
    })).toBe('vault=${var.keyvault_name} ip=${azurerm_network_interface.node1_nic.private_ip_address}');
  });

  it('escapes the text around them for an HCL string', () => {
    expect(renderTemplate('say "hi" \\ $HOME\n\t%{x}${v}', { v: 'var.v' })).toBe(
      'say \\"hi\\" \\\\ $HOME\\n\\t%%{x}${var.v}',
    );
  });

  it('refuses an unknown placeholder, naming file and line', () => {
    const render = () => renderTemplate('ok\nfor i in ${LIST}; do', { v: 'var.v' }, 'templates/x.yaml');
    expect(render).toThrow(TemplateError);
    expect(render).toThrow("templates/x.yaml:2: unknown placeholder '${LIST}' (known: v); write shell variables as $NAME");
  });

  it('refuses a templatefile-escaped placeholder ($${…}) as well', () => {
    expect(() => renderTemplate('a\nb\n$${v}', { v: 'var.v' }, 't')).toThrow(/^t:3: '\$\$\{v\}' is an escaped placeholder/);
  });

  it('refuses expressions the template never uses', () => {
    expect(() => renderTemplate('${a}', { a: 'var.a', b: 'var.b' }, 't')).toThrow('t:1: never used by the template: b');
  });
});

describe('escapeHclString', () => {
  it('leaves plain text alone', () => {
    expect(escapeHclString('curl -sfL https://get.k3s.io | sh -')).toBe('curl -sfL https://get.k3s.io | sh -');
  });

  it('escapes quotes, backslashes, control characters and both template openers', () => {
    expect(escapeHclString('"\\\r\u0001${%{')).toBe('\\"\\\\\\r\\u0001$${%%{');
  });
});

describe('base64encodeExpression', () => {
  it('wraps a template body in base64encode', () => {
    expect(base64encodeExpression('a${var.b}')).toBe('${base64encode("a${var.b}")}');
  });
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!terraform)('the rendered templates, evaluated by terraform itself', () => {
  // `terraform console` needs no provider for variables and locals: it decodes what the VMs get.
  const evaluate = (template: 'cloud-init-server.yaml' | 'cloud-init-agent.yaml', names: string[]): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'infra-app-console-'));
    try {
      const expressions = Object.fromEntries(names.map((n) => [n, `var.${n}`]));
      const config = {
        variable: Object.fromEntries(names.map((n) => [n, { default: `<${n}>` }])),
        locals: { custom_data: cloudInitCustomData(template, expressions) },
      };
      writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
      const out = execFileSync('terraform', ['console'], {
        cwd: dir,
        input: 'jsonencode(base64decode(local.custom_data))',
        encoding: 'utf8',
        env: { ...process.env, TF_CLI_CONFIG_FILE: '', TF_IN_AUTOMATION: '1' },
      });
      return JSON.parse(JSON.parse(out.trim()) as string) as string;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const expected = (template: string, names: string[]) =>
    names.reduce((text, n) => text.replaceAll('${' + n + '}', `<${n}>`), readFileSync(templatePath(template as never), 'utf8'));

  it('decodes the server template to its text with the values filled in', () => {
    const names = ['keyvault_name', 'acr_name', 'github_token', 'flux_github_owner', 'flux_github_repository'];
    expect(evaluate('cloud-init-server.yaml', names)).toBe(expected('cloud-init-server.yaml', names));
  });

  it('decodes the agent template to its text with the values filled in', () => {
    const names = ['keyvault_name', 'acr_name', 'node1_private_ip'];
    expect(evaluate('cloud-init-agent.yaml', names)).toBe(expected('cloud-init-agent.yaml', names));
  });
});
