/**
 * The entry `okru/methods`: every method as a function of a client, `await usersGetInfo(client, params)`, so that a
 * bundle carries only the methods it uses (and each one's row), not the table of all of them. The rows are exported
 * too (`GROUP_GET_MEMBERS.paging` for paginate()).
 *
 * @module okru/methods
 */
export * from '../generated/functions.js';
