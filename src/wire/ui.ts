/**
 * The `ui` container of a self-service flow and its nodes, exactly as they travel on the wire
 * (spec ui.md §1–§2). The server writes these shapes (`src/ui/wire.ts`) and the client reads them.
 *
 * Object shapes are `type` aliases, not interfaces, on purpose: an alias of an object literal
 * type is assignable to `Record<string, unknown>`, which is what the server hands to web hooks and
 * stores, so the server can use these types without casts.
 *
 * @module
 */

/** Kind of a UI message. There is no `success` in this version. */
export type UiTextType = 'info' | 'error';

/**
 * A message (`uiText`): shown for a whole flow (`ui.messages`), for one node
 * (`node.messages`) or used as a label (`node.meta.label`).
 */
export type UiText = {
  /** Stable numeric id (ui.md §7), e.g. `4000006` for invalid credentials; UIs translate by it. */
  id: number;
  /** English text of the message, with its context already filled in. */
  text: string;
  /** `info` or `error`. */
  type: UiTextType;
  /** Values the text was built from (e.g. `{ "property": "email" }`); absent for messages without any. */
  context?: Record<string, unknown>;
};

/**
 * Node groups of this version. A node's group says which method it belongs to; a form shows
 * `default` nodes with every method. Other strings may appear with later methods.
 */
export type UiNodeGroup =
  | 'default'
  | 'password'
  | 'oidc'
  | 'profile'
  | 'link'
  | 'totp'
  | 'lookup_secret'
  | 'webauthn'
  | (string & {});

/** The `type` of an HTML input node. */
export type UiNodeInputType =
  | 'text'
  | 'password'
  | 'number'
  | 'checkbox'
  | 'hidden'
  | 'email'
  | 'submit'
  | 'button'
  | 'datetime-local'
  | 'date'
  | 'url';

/** The kinds of node; also the value of `attributes.node_type`. */
export type UiNodeType = 'input' | 'text' | 'img' | 'a' | 'script';

/** Attributes of an `input` node, in wire order. */
export type UiNodeInputAttributes = {
  /** Form field name, e.g. `password_identifier`, `traits.email`, `csrf_token`, `method`. */
  name: string;
  /** HTML input type. */
  type: UiNodeInputType;
  /** Current value; absent when none (an empty string is sent as `""`). Trait inputs carry numbers and booleans as JSON. */
  value?: unknown;
  /** Present (and `true`) only for required fields. */
  required?: boolean;
  /** Never set by this server (labels are in `meta.label`). */
  label?: UiText;
  /** HTML `pattern` from the identity schema. */
  pattern?: string;
  /** Always present; `false` in practice. */
  disabled: boolean;
  /** JavaScript to run on click (WebAuthn triggers). */
  onclick?: string;
  /** Always `input`. */
  node_type: 'input';
};

/** Attributes of a `text` node (e.g. lookup secret codes, the TOTP secret). */
export type UiNodeTextAttributes = {
  /** The text to show, as a message. */
  text: UiText;
  /** Node id, e.g. `totp_secret_key`. */
  id: string;
  /** Always `text`. */
  node_type: 'text';
};

/** Attributes of an `img` node (e.g. the TOTP QR code). */
export type UiNodeImageAttributes = {
  /** Image URL, often a `data:` URL. */
  src: string;
  /** Node id, e.g. `totp_qr`. */
  id: string;
  /** Width in pixels; absent when 0. */
  width?: number;
  /** Height in pixels; absent when 0. */
  height?: number;
  /** Always `img`. */
  node_type: 'img';
};

/** Attributes of an `a` (anchor) node. None is produced by this version. */
export type UiNodeAnchorAttributes = {
  /** Link target. */
  href: string;
  /** Link text, as a message. */
  title: UiText;
  /** Node id. */
  id: string;
  /** Always `a`. */
  node_type: 'a';
};

/** Attributes of a `script` node (the WebAuthn helper). */
export type UiNodeScriptAttributes = {
  /** Script URL. */
  src: string;
  /** HTML `async`. */
  async: boolean;
  /** HTML `referrerpolicy`. */
  referrerpolicy: string;
  /** HTML `crossorigin`. */
  crossorigin: string;
  /** Subresource integrity hash. */
  integrity: string;
  /** Script MIME type. */
  type: string;
  /** Node id, e.g. `webauthn_script`. */
  id: string;
  /** Always `script`. */
  node_type: 'script';
};

/** Any node's attributes. */
export type UiNodeAttributes =
  | UiNodeInputAttributes
  | UiNodeTextAttributes
  | UiNodeImageAttributes
  | UiNodeAnchorAttributes
  | UiNodeScriptAttributes;

/** Extra information about a node; `{}` when there is none. */
export type UiNodeMeta = {
  /** The label to render for the node. */
  label?: UiText;
};

/** A node of kind `T` with attributes `A`: the fields every node has, whatever its type. */
export type UiNodeOf<T extends UiNodeType, A> = {
  /** Node kind; equals `attributes.node_type`. Narrow on it to get typed attributes. */
  type: T;
  /** The method the node belongs to (`default` nodes belong to every method). */
  group: UiNodeGroup;
  /** Attributes, shaped by `type`. */
  attributes: A;
  /** Messages about this node (validation errors); `[]` when none. */
  messages: UiText[];
  /** Label and other presentation hints. */
  meta: UiNodeMeta;
};

/** An HTML input (text field, hidden field, submit button …). */
export type UiNodeInput = UiNodeOf<'input', UiNodeInputAttributes>;
/** A text block. */
export type UiNodeText = UiNodeOf<'text', UiNodeTextAttributes>;
/** An image. */
export type UiNodeImage = UiNodeOf<'img', UiNodeImageAttributes>;
/** A link. */
export type UiNodeAnchor = UiNodeOf<'a', UiNodeAnchorAttributes>;
/** A script to load. */
export type UiNodeScript = UiNodeOf<'script', UiNodeScriptAttributes>;

/**
 * One node of a flow's form, discriminated by `type`:
 *
 * ```ts
 * if (node.type === 'input') console.log(node.attributes.name); // typed as UiNodeInputAttributes
 * ```
 */
export type UiNode = UiNodeInput | UiNodeText | UiNodeImage | UiNodeAnchor | UiNodeScript;

/** The form of a flow (`flow.ui`). */
export type UiContainer = {
  /** Where to submit the form: `<public>/self-service/<flow>?flow=<id>`. */
  action: string;
  /** HTTP method of the form; always `POST`. */
  method: 'POST';
  /** The form's nodes in render order; possibly empty. */
  nodes: UiNode[];
  /** Messages about the whole flow; absent when none. */
  messages?: UiText[];
};
