/** The part rights of the viewer (part.add / change / delete), decided once per page. */
export interface PartPerms {
  add: boolean;
  change: boolean;
  delete: boolean;
}

/** A list verb's `url` argument: pages build their own links, so any base does. */
export const LOCAL = new URL('http://local/');
