// A terminal rendering of the exact Block Kit messages, for `frontline digest
// --preview` and the demo: what Slack would show, with no Slack at all.
// Colour only when asked (on a TTY); plain text otherwise.
import type { Block, DigestMessage } from '../slack/blocks/digest.js';

const EMOJI: Record<string, string> = {
  rotating_light: '🚨',
  new: '🆕',
  chart_with_upwards_trend: '📈',
  leftwards_arrow_with_hook: '↩',
  inbox_tray: '📥',
  bar_chart: '📊',
  thread: '🧵',
};

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  heading(s: string): string;
  link(s: string): string;
  button(s: string, style?: string): string;
}

const ansi = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const colour: Style = {
  bold: ansi('1'),
  dim: ansi('2'),
  heading: ansi('1;36'),
  link: ansi('4;34'),
  button: (s, style) => (style === 'primary' ? ansi('1;32')(`[ ${s} ]`) : ansi('36')(`[ ${s} ]`)),
};
const plain: Style = { bold: (s) => s, dim: (s) => s, heading: (s) => s, link: (s) => s, button: (s) => `[ ${s} ]` };

/** Slack mrkdwn → terminal text: bold, links, emoji codes and escapes. */
function mrkdwnToText(text: string, style: Style): string {
  return text
    .replace(/<([^|>]+)\|([^>]+)>/g, (_, url: string, label: string) => `${label} ${style.link(url)}`)
    .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole)
    .replace(/\*([^*\n]+)\*/g, (_, s: string) => style.bold(s))
    .replace(/`([^`\n]+)`/g, (_, s: string) => style.dim(`[${s}]`))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => (line.startsWith('>') ? `  ${style.dim('│')} ${line.slice(1)}` : line))
    .join('\n');
}

function renderBlock(block: Block, style: Style, width: number): string {
  switch (block.type) {
    case 'header':
      return style.heading(block.text.text);
    case 'section':
      return mrkdwnToText(block.text.text, style);
    case 'context':
      return style.dim(block.elements.map((e) => mrkdwnToText(e.text, plain)).join('  ·  '));
    case 'actions':
      return '   ' + block.elements.map((b) => style.button(b.text.text, b.style)).join(' ');
    case 'divider':
      return style.dim('─'.repeat(width));
  }
}

export function renderDigestText(messages: readonly DigestMessage[], options: { colour: boolean; channel?: string; width?: number }): string {
  const style = options.colour ? colour : plain;
  const width = options.width ?? 72;
  const out: string[] = [];
  for (const message of messages) {
    if (message.part === 1) {
      if (options.channel) out.push(style.dim(`# ${options.channel}`));
    } else {
      out.push('', style.dim(`  ↳ thread reply ${message.part}/${message.parts}`));
    }
    for (const block of message.blocks) out.push(renderBlock(block, style, width));
  }
  return out.join('\n') + '\n';
}
