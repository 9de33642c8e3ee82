// Block Kit limits a modal or Home view must respect (Slack's documented limits).
type Node = Record<string, unknown>;

export function viewProblems(view: { type: string; blocks: Node[]; title?: { text: string }; private_metadata?: string }): string[] {
  const problems: string[] = [];
  if (view.blocks.length > 100) problems.push(`${view.blocks.length} blocks (max 100)`);
  if (view.title && [...view.title.text].length > 24) problems.push(`title '${view.title.text}' over 24`);
  if (view.private_metadata && view.private_metadata.length > 3000) problems.push('private_metadata over 3000');
  const ids = new Set<string>();
  for (const block of view.blocks) {
    const id = block.block_id as string | undefined;
    if (id !== undefined) {
      if (ids.has(id)) problems.push(`duplicate block_id ${id}`);
      ids.add(id);
      if (id.length > 255) problems.push(`block_id over 255`);
    }
    const text = (block.text as { text?: string } | undefined)?.text;
    if (block.type === 'section' && text !== undefined && text.length > 3000) problems.push(`section text ${text.length}`);
    if (block.type === 'header' && text !== undefined && text.length > 150) problems.push(`header text ${text.length}`);
    if (block.type === 'actions' && (block.elements as Node[]).length > 25) problems.push('actions over 25 elements');
    if (block.type === 'actions' && (block.elements as Node[]).length === 0) problems.push('empty actions block');
    walk(block, problems);
  }
  return problems;
}

function walk(node: Node, problems: string[]): void {
  if (node.type === 'button') {
    if ((node.text as { text: string }).text.length > 75) problems.push('button text over 75');
    if (typeof node.value === 'string' && node.value.length > 2000) problems.push('button value over 2000');
  }
  if (Array.isArray(node.options)) {
    if (node.options.length > 100) problems.push(`${node.options.length} options`);
    for (const o of node.options as { text: { text: string }; value: string }[]) {
      if (o.text.text.length > 75) problems.push(`option text over 75: ${o.text.text}`);
      if (o.value.length > 150) problems.push('option value over 150');
    }
  }
  if (node.type === 'plain_text_input' && typeof node.initial_value === 'string' && typeof node.max_length === 'number' && node.initial_value.length > node.max_length) {
    problems.push('initial value longer than max_length');
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const v of value) if (v && typeof v === 'object') walk(v as Node, problems);
    } else if (value && typeof value === 'object') walk(value as Node, problems);
  }
}
