/** An enterprise that cannot be rendered (an unresolvable secret, a broken template). Never carries a secret value. */
export class RenderError extends Error {
  /** Stable code, e.g. `render.secret-unresolved`, `render.template`. */
  readonly code: string;
  /** Where in the model or which template, e.g. `extensions[6101].secret`. */
  readonly where: string;
  constructor(code: string, where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'RenderError';
    this.code = code;
    this.where = where;
  }
}
