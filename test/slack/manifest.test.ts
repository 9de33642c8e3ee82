// manifest.yml is what a bank's Slack admin imports to create the app. It must
// be valid against Slack's manifest JSON Schema (a copy, MIT, in
// test/fixtures/slack/manifest-schema/) and declare exactly what the code uses:
// the commands, shortcuts, bot events and scopes in src/slack/surfaces.ts, which
// in turn must be what the running app registers with Bolt.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from '@slack/bolt';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { botEvents, COMMAND, EVENTS, INTAKE_ACTION_IDS, PM_ACTION_IDS, PM_OPTIONS_IDS, requiredBotScopes, SHORTCUT, VIEWS } from '../../src/slack/surfaces.js';
import { startHarness, type Harness } from './intake-harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCHEMAS = join(ROOT, 'test', 'fixtures', 'slack', 'manifest-schema');
// The URLs manifest.schema.json refers to the versioned schemas by.
const VERSIONED = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas';

type Manifest = Record<string, any>; // parsed YAML, checked by the schema

const readJson = (path: string) => JSON.parse(readFileSync(join(SCHEMAS, path), 'utf8')) as Record<string, unknown>;
const loadManifest = (): Manifest => parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as Manifest;

function schemaValidator(): ValidateFunction {
  // Strict, except for types Slack's schema leaves implied (`properties` without `type: object`).
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  formats.default(ajv);
  ajv.addKeyword('_note'); // an annotation in Slack's schema
  // Slack's schema writes one pattern as `regex` (background_color); honour it.
  ajv.addKeyword({ keyword: 'regex', type: 'string', schemaType: 'string', validate: (pattern: string, data: string) => new RegExp(pattern).test(data) });
  ajv.addSchema(readJson('schemas/manifest.schema.1.0.0.json'), `${VERSIONED}/manifest.schema.1.0.0.json`);
  ajv.addSchema(readJson('schemas/manifest.schema.2.0.0.json'), `${VERSIONED}/manifest.schema.2.0.0.json`);
  return ajv.compile(readJson('manifest.schema.json'));
}

/**
 * What Slack's import refuses beyond the schema: without Socket Mode, commands,
 * events and interactivity each need a request URL (and external selects an
 * options URL); bot events need a bot user.
 */
function importProblems(m: Manifest): string[] {
  const problems: string[] = [];
  const socket = m.settings?.socket_mode_enabled === true;
  const interactivity = m.settings?.interactivity;
  if (!socket) {
    for (const c of m.features?.slash_commands ?? []) if (!c.url) problems.push(`${c.command} has no url`);
    if (m.settings?.event_subscriptions?.bot_events?.length && !m.settings.event_subscriptions.request_url) problems.push('event_subscriptions has no request_url');
    if (interactivity?.is_enabled && !interactivity.request_url) problems.push('interactivity has no request_url');
    if (interactivity?.is_enabled && PM_OPTIONS_IDS.length > 0 && !interactivity.message_menu_options_url) problems.push('interactivity has no message_menu_options_url');
  }
  if (m.settings?.event_subscriptions?.bot_events?.length && !m.features?.bot_user) problems.push('bot events without a bot user');
  return problems;
}

/** The README's HTTP-mode edit: Socket Mode off, every URL at Bolt's /slack/events. */
function httpMode(m: Manifest, origin: string): Manifest {
  const url = `${origin}/slack/events`;
  const copy = structuredClone(m);
  copy.settings.socket_mode_enabled = false;
  for (const c of copy.features.slash_commands) c.url = url;
  copy.settings.event_subscriptions.request_url = url;
  copy.settings.interactivity.request_url = url;
  copy.settings.interactivity.message_menu_options_url = url;
  return copy;
}

const sorted = (values: Iterable<string>) => [...values].sort();

describe('manifest.yml against Slack\'s manifest schema', () => {
  const validate = schemaValidator();

  it('is valid as shipped, and importable (Socket Mode needs no URLs)', () => {
    const manifest = loadManifest();
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(importProblems(manifest)).toEqual([]);
  });

  it('is valid and importable in HTTP mode as the README describes it', () => {
    const http = httpMode(loadManifest(), 'https://frontline.bank.example');
    expect(validate(http), JSON.stringify(validate.errors)).toBe(true);
    expect(importProblems(http)).toEqual([]);
    const noUrls = { ...loadManifest(), settings: { ...loadManifest().settings, socket_mode_enabled: false } };
    expect(importProblems(noUrls)).toEqual(['/feedback has no url', 'event_subscriptions has no request_url', 'interactivity has no request_url', 'interactivity has no message_menu_options_url']);
  });

  it('refuses manifests Slack would refuse', () => {
    const broken: [string, (m: Manifest) => void][] = [
      ['shortcut name over 24 characters', (m) => (m.features.shortcuts[0].name = 'Send this message to Frontline')],
      ['command without a slash', (m) => (m.features.slash_commands[0].command = 'feedback')],
      ['unknown setting', (m) => (m.settings.socket_mode = true)],
      ['background colour not a hex colour', (m) => (m.display_information.background_color = 'navy')],
      ['long description under 175 characters', (m) => (m.display_information.long_description = 'Too short.')],
      ['no display information', (m) => delete m.display_information],
    ];
    for (const [what, mutate] of broken) {
      const manifest = loadManifest();
      mutate(manifest);
      expect(validate(manifest), what).toBe(false);
    }
  });
});

describe('manifest.yml declares exactly what src/slack/surfaces.ts lists', () => {
  const manifest = loadManifest();

  it('commands and shortcuts', () => {
    expect(manifest.features.slash_commands).toEqual([{ ...COMMAND }]);
    expect(manifest.features.shortcuts).toEqual([{ ...SHORTCUT }]);
  });

  it('bot events', () => {
    expect(sorted(manifest.settings.event_subscriptions.bot_events)).toEqual(botEvents());
    expect(manifest.settings.event_subscriptions.user_events).toBeUndefined();
  });

  it('bot scopes: the union of what the events, Web API methods, command and shortcut need, nothing more', () => {
    expect(sorted(manifest.oauth_config.scopes.bot)).toEqual(requiredBotScopes());
    expect(Object.keys(manifest.oauth_config.scopes)).toEqual(['bot']); // no user token
  });

  it('the App Home tabs and interactivity the surfaces use', () => {
    const usesDms = botEvents().includes('message.im');
    expect(manifest.features.app_home.messages_tab_enabled).toBe(usesDms);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(!usesDms);
    expect(manifest.features.app_home.home_tab_enabled).toBe('app_home_opened' in EVENTS);
    const interactive = Object.keys(VIEWS).length + PM_ACTION_IDS.length + INTAKE_ACTION_IDS.length + PM_OPTIONS_IDS.length > 0;
    expect(manifest.settings.interactivity.is_enabled).toBe(interactive);
  });
});

describe('src/slack/surfaces.ts lists what the running app registers', () => {
  const registered = { command: [] as string[], shortcut: [] as string[], event: [] as string[], message: 0, action: [] as string[], view: [] as string[], options: [] as string[] };
  let harness: Harness | undefined;
  const name = (c: unknown, key: string) => (typeof c === 'string' ? c : c instanceof RegExp ? String(c) : String((c as Record<string, unknown>)[key]));

  beforeAll(async () => {
    // Record every registration the real app makes while it starts.
    const proto = App.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ['command', 'shortcut', 'event', 'message', 'action', 'view', 'options'] as const) {
      const original = proto[method]!;
      vi.spyOn(proto, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
        const c = args[0];
        if (method === 'message') registered.message += 1;
        else if (method === 'shortcut') registered.shortcut.push(`${name(c, 'callback_id')}:${typeof c === 'object' && c ? String((c as Record<string, unknown>).type) : '?'}`);
        else if (method === 'action' || method === 'options') registered[method].push(name(c, 'action_id'));
        else if (method === 'view') registered.view.push(name(c, 'callback_id'));
        else registered[method].push(name(c, 'x'));
        return original.apply(this, args);
      });
    }
    harness = await startHarness();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await harness?.close();
  });

  it('the command, the shortcut and the events', () => {
    expect(registered.command).toEqual([COMMAND.command]);
    expect(registered.shortcut).toEqual([`${SHORTCUT.callback_id}:${SHORTCUT.type === 'message' ? 'message_action' : 'shortcut'}`]);
    expect(sorted(new Set(registered.event))).toEqual(sorted(Object.keys(EVENTS)));
    expect(registered.message).toBe(0); // app.message would need message.* events of its own
  });

  it('the modals, buttons and option lists', () => {
    expect(sorted(new Set(registered.view))).toEqual(sorted(Object.values(VIEWS)));
    expect(sorted(new Set(registered.action))).toEqual(sorted([...PM_ACTION_IDS, ...INTAKE_ACTION_IDS]));
    expect(sorted(new Set(registered.options))).toEqual(sorted(PM_OPTIONS_IDS));
  });
});
