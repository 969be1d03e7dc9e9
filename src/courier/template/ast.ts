/** Parse tree of a Go template (the shapes of text/template/parse, reduced to what we execute). */

export interface ListNode {
  kind: 'list';
  line: number;
  nodes: Node[];
}
export interface TextNode {
  kind: 'text';
  line: number;
  text: string;
}
export interface ActionNode {
  kind: 'action';
  line: number;
  pipe: PipeNode;
}
/** `if`, `range` and `with` share one shape. */
export interface BranchNode {
  kind: 'if' | 'range' | 'with';
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface TemplateNode {
  kind: 'template';
  line: number;
  name: string;
  pipe: PipeNode | null;
}
export interface BreakNode {
  kind: 'break' | 'continue';
  line: number;
}
/** A statement node. */
export type Node = ListNode | TextNode | ActionNode | BranchNode | TemplateNode | BreakNode;

export interface PipeNode {
  kind: 'pipe';
  line: number;
  /** Declared or assigned variables (`$x`), in source order. */
  decl: string[];
  isAssign: boolean;
  cmds: CommandNode[];
}
export interface CommandNode {
  kind: 'command';
  line: number;
  args: ArgNode[];
}
/** `.A.b` (ident without dots). */
export interface FieldNode {
  kind: 'field';
  line: number;
  ident: string[];
}
/** `$x.A.b`: ident[0] is the variable name including `$`. */
export interface VariableNode {
  kind: 'variable';
  line: number;
  ident: string[];
}
/** `(pipe).A`, `fn.A`: fields applied to a non-field operand. */
export interface ChainNode {
  kind: 'chain';
  line: number;
  node: ArgNode;
  field: string[];
}
export interface IdentifierNode {
  kind: 'identifier';
  line: number;
  name: string;
}
export interface DotNode {
  kind: 'dot';
  line: number;
}
export interface NilNode {
  kind: 'nil';
  line: number;
}
export interface BoolNode {
  kind: 'bool';
  line: number;
  value: boolean;
}
/** Integers are bigint (Go int), other numbers are number (Go float64). */
export interface NumberNode {
  kind: 'number';
  line: number;
  value: bigint | number;
  text: string;
}
export interface StringNode {
  kind: 'string';
  line: number;
  value: string;
  quoted: string;
}
/** An operand of a command. */
export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

/** A parsed template: its root list and the file it came from (for error messages). */
export interface Tree {
  name: string;
  file: string;
  root: ListNode;
}

/** Source-like rendering of an operand or pipeline, for `executing ... at <…>` messages. */
export function nodeString(n: ArgNode | CommandNode): string {
  switch (n.kind) {
    case 'field':
      return '.' + n.ident.join('.');
    case 'variable':
      return n.ident.join('.');
    case 'chain':
      return `${n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)}.${n.field.join('.')}`;
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      const decl = n.decl.length > 0 ? `${n.decl.join(', ')} ${n.isAssign ? '=' : ':='} ` : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
  }
}
