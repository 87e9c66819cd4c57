/**
 * A template that cannot be found, compiled or rendered, thrown by {@link TemplateSet}. `renderEnterprise`
 * and `planDeployments` never throw it: they report it as a diagnostic (`render.template`,
 * `render.template-missing`). Never carries a secret value.
 */
export class RenderError extends Error {
  /** Stable code: `render.template` or `render.template-missing`. */
  readonly code: string;
  /** Which template: its file or its name. */
  readonly where: string;
  /** What went wrong, without `where`. */
  readonly detail: string;
  constructor(code: string, where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'RenderError';
    this.code = code;
    this.where = where;
    this.detail = message;
  }
}
