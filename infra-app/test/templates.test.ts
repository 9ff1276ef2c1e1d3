// The two cloud-init templates: valid cloud-config, valid shell, and the behaviour spec 0001 asks for.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { templatePath } from '../src/cloud-init.js';
import type { TemplateName } from '../src/cloud-init.js';

interface CloudConfig {
  runcmd: (string | string[])[];
  write_files: { path: string; content: string }[];
}

const source = (name: TemplateName) => readFileSync(templatePath(name), 'utf8');
/** The template as a VM would see it, placeholders filled with sample values. */
const sample = (name: TemplateName) => source(name).replace(/\$\{(\w+)\}/g, (_, key: string) => `sample-${key}`);
const cloudConfig = (name: TemplateName) => parse(sample(name)) as CloudConfig;
const runcmd = (name: TemplateName) => cloudConfig(name).runcmd.map((c) => (Array.isArray(c) ? c.join(' ') : c));

/** What a token fetch loop does, read from its shell text. */
export function retryLoop(script: string) {
  const loop = /for (\w+) in \$\(seq 1 (\d+)\); do([\s\S]*?)\ndone/.exec(script);
  const afterLoop = loop ? script.slice(loop.index + loop[0].length) : '';
  return {
    attempts: loop ? Number(loop[2]) : null,
    sleepSeconds: Number(/\bsleep (\d+)/.exec(loop?.[3] ?? '')?.[1] ?? NaN),
    readsTokenFromKeyVault: /az keyvault secret show --vault-name "[^"]+" --name k3s-token/.test(loop?.[3] ?? ''),
    failsHardWhenEmpty: /if \[ -z "\$K3S_TOKEN" \]; then[^\n]*\bexit 1\b[^\n]*fi/.test(afterLoop),
  };
}
const tokenScript = (name: TemplateName) => runcmd(name).find((c) => c.includes('az keyvault secret show')) ?? '';

describe.each(['cloud-init-server.yaml', 'cloud-init-agent.yaml'] as const)('%s', (name) => {
  it('is a cloud-config document', () => {
    expect(source(name).startsWith('#cloud-config\n')).toBe(true);
    expect(cloudConfig(name)).toMatchObject({ package_update: true, runcmd: expect.any(Array) });
  });

  it('uses no shell brace expansion (it would collide with Terraform interpolation)', () => {
    const placeholders = [...source(name).matchAll(/\$\{(\w*)[^}]*\}/g)].map((m) => m[1]);
    expect(placeholders.every((p) => ['keyvault_name', 'acr_name', 'github_token', 'flux_github_owner', 'flux_github_repository', 'node1_private_ip'].includes(p ?? ''))).toBe(true);
  });

  it('holds shell that parses (sh -n) in every runcmd item and script', () => {
    const scripts = [...runcmd(name), ...cloudConfig(name).write_files.filter((f) => f.content.startsWith('#!/bin/sh')).map((f) => f.content)];
    for (const script of scripts) {
      const check = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
      expect({ script: script.slice(0, 60), stderr: check.stderr }).toEqual({ script: script.slice(0, 60), stderr: '' });
    }
  });

  it('fetches the token from Key Vault in a loop of 30 attempts, 10 s apart, exit 1 when all fail', () => {
    expect(retryLoop(tokenScript(name))).toEqual({
      attempts: 30,
      sleepSeconds: 10,
      readsTokenFromKeyVault: true,
      failsHardWhenEmpty: true,
    });
  });

  it('names the vault by the keyvault_name placeholder and installs K3s with the fetched token', () => {
    expect(source(name)).toContain('--vault-name "${keyvault_name}"');
    expect(tokenScript(name)).toMatch(/K3S_TOKEN="\$K3S_TOKEN"[^\n]*sh -$/m);
  });
});

describe('retryLoop (the reader the template tests rely on)', () => {
  const good = tokenScript('cloud-init-server.yaml');
  it('notices fewer attempts, a shorter sleep, and a missing hard failure', () => {
    expect(retryLoop(good.replace('seq 1 30', 'seq 1 5')).attempts).toBe(5);
    expect(retryLoop(good.replace('sleep 10', 'sleep 2')).sleepSeconds).toBe(2);
    expect(retryLoop(good.replace('exit 1', 'true')).failsHardWhenEmpty).toBe(false);
    expect(retryLoop('K3S_TOKEN=$(az keyvault secret show --vault-name x --name k3s-token)').attempts).toBeNull();
  });
});

describe('server template', () => {
  const flux = () => runcmd('cloud-init-server.yaml').find((c) => c.includes('flux bootstrap')) ?? '';

  it('bootstraps Flux with helm-controller among its --components', () => {
    const components = /--components=(\S+)/.exec(flux())?.[1]?.split(',');
    expect(components).toEqual(['source-controller', 'kustomize-controller', 'helm-controller']);
  });

  it('installs a K3s server (no K3S_URL), then Flux', () => {
    const commands = runcmd('cloud-init-server.yaml');
    expect(tokenScript('cloud-init-server.yaml')).not.toContain('K3S_URL');
    expect(commands.indexOf(tokenScript('cloud-init-server.yaml'))).toBeLessThan(commands.indexOf(flux()));
  });
});

describe('agent template', () => {
  const install = () => tokenScript('cloud-init-agent.yaml');

  it('joins node1 by its private IP on 6443', () => {
    expect(install()).toContain('K3S_URL="https://sample-node1_private_ip:6443"');
  });

  it('taints and labels the node for the observability workloads', () => {
    const exec = /INSTALL_K3S_EXEC="([^"]*)"/.exec(install())?.[1] ?? '';
    expect(exec.split(/\s+/)).toEqual([
      'agent',
      '--node-taint', 'workload=observability:NoSchedule',
      '--node-label', 'workload=observability',
    ]);
  });

  it('does not bootstrap Flux (it runs on node1 only)', () => {
    expect(source('cloud-init-agent.yaml')).not.toContain('flux');
  });
});
