import { obj, oneOf, opt, str, type Schema } from '../schema/schema.js';

/**
 * A music-on-hold class of `musiconhold.conf` (mode `files`: Asterisk plays the files of a directory).
 * Queues (`musicOnHold`) and extensions name a class by its id.
 */
export interface MusicOnHoldClass {
  /** Class name, e.g. `default`, `sales`. */
  readonly id: string;
  /** Directory of sound files; relative paths are under Asterisk's `astdatadir` (`/var/lib/asterisk`). */
  readonly directory: string;
  /** Play order: `alpha` (sorted names) or `random` (shuffled); Asterisk's default is the directory order. */
  readonly sort?: 'alpha' | 'random';
  readonly description?: string;
}

/** The class Asterisk uses when none is named; rendered when the model declares no `default` of its own. */
export const DEFAULT_MUSIC_ON_HOLD: MusicOnHoldClass = { id: 'default', directory: 'moh' };

/** Schema of {@link MusicOnHoldClass}. */
export const MUSIC_ON_HOLD_SCHEMA: Schema<MusicOnHoldClass> = obj<MusicOnHoldClass>('a music-on-hold class')({
  id: str({ format: 'id' }),
  directory: str({ minLength: 1 }),
  sort: opt(oneOf(['alpha', 'random'])),
  description: opt(str()),
});

/** The classes rendered for an enterprise: its own, plus {@link DEFAULT_MUSIC_ON_HOLD} when it has no `default`. */
export function musicOnHoldClasses(classes: readonly MusicOnHoldClass[] | undefined): readonly MusicOnHoldClass[] {
  const own = classes ?? [];
  return own.some((c) => c.id === DEFAULT_MUSIC_ON_HOLD.id) ? own : [DEFAULT_MUSIC_ON_HOLD, ...own];
}
