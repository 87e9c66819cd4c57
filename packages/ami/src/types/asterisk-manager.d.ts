// Types for asterisk-manager 0.2.0 (the package ships none), limited to what ACM touches.
declare module 'asterisk-manager' {
  /** A parsed message as the library builds it: keys lowercased, repeated keys as arrays, Variable as an object. */
  export type RawAmiObject = Record<string, string | string[] | Record<string, string> | undefined>;

  /** The object `Manager(...)` returns (not a class instance; all members are bound functions). */
  export interface ManagerInstance {
    options: { port: number | undefined; host: string; username: string; password: string; events: boolean };
    connect(port: number, host: string, callback?: (err: unknown) => void): void;
    login(callback?: (err?: RawAmiObject) => void): void;
    action(action: Record<string, unknown>, callback?: (err: RawAmiObject | undefined, res: RawAmiObject) => void): string;
    disconnect(callback?: () => void): void;
    isConnected(): boolean;
    keepConnected(): void;
    on(event: string, listener: (...args: never[]) => void): void;
    once(event: string, listener: (...args: never[]) => void): void;
    removeListener(event: string, listener: (...args: never[]) => void): void;
    removeAllListeners(event?: string): void;
    listeners(event: string): unknown[];
    emit(event: string, ...args: unknown[]): boolean;
  }

  /** Creates a manager; with a port it connects and logs in at once. */
  function Manager(port?: number, host?: string, username?: string, password?: string, events?: boolean): ManagerInstance;
  export default Manager;
}
