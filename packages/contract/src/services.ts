import type {
  AuthResult,
  BrowseRoomsInput,
  CreateRoomInput,
  InviteInput,
  MarkReadInput,
  OpenDmInput,
  PublicUser,
  ReadState,
  RoomPage,
  RoomRefInput,
  RoomSummary,
  SearchUsersInput,
  UpdateRoomInput,
  DeleteMessageInput,
  EditMessageInput,
  HistoryQuery,
  Message,
  ReactInput,
  LoginInput,
  MessagePage,
  Principal,
  Room,
  SignupInput,
  User,
  ChangePasswordInput,
  LogoutEverywhereResult,
  WsTicket,
} from './schemas.ts';

/**
 * The caller as the runtime saw it: API Gateway's `sourceIp` on AWS, the socket's remote address
 * locally; null when unknown. Throttles count per address.
 */
export interface ClientInfo {
  ip: string | null;
}

/**
 * What the router needs from the server. apps/api implements these; the contract only
 * declares them, so importing `AppRouter` pulls in nothing but @trpc/server and zod.
 * Implementations signal failures by throwing `TRPCError` (CONFLICT, NOT_FOUND, ...).
 */
export interface AuthService {
  /** Throttled per address: TOO_MANY_REQUESTS with `data.retryAfterMs`. */
  signup(input: SignupInput, client: ClientInfo): Promise<AuthResult>;
  /** Throttled per account and per address (before any password work): TOO_MANY_REQUESTS with `data.retryAfterMs`. */
  login(input: LoginInput, client: ClientInfo): Promise<AuthResult>;
  me(principal: Principal): Promise<User>;
  /**
   * The principal a bearer token proves, or null for any token that is not valid: forged,
   * expired, of a user that does not exist, or of a token version the user has moved past.
   */
  authenticate(token: string): Promise<Principal | null>;
  /** A single-use WebSocket ticket for the bearer `token`'s user, valid 60 s and at most as long as the token. */
  wsTicket(principal: Principal, token: string): Promise<WsTicket>;
  /** Revokes every token of the user (this one included): the token version moves on. */
  logoutEverywhere(principal: Principal): Promise<LogoutEverywhereResult>;
  /** Checks the current password (UNAUTHORIZED), stores the new one, revokes every older token, answers a fresh one. */
  changePassword(input: ChangePasswordInput, principal: Principal): Promise<AuthResult>;
}

/**
 * Rooms and membership. A non-member asking about a room's content gets FORBIDDEN for a public
 * room and NOT_FOUND for a private room or a DM (its existence is not revealed).
 */
export interface RoomsService {
  /** The caller's rooms, with read state. */
  list(principal: Principal): Promise<RoomSummary[]>;
  /** Public rooms by name. */
  browse(input: BrowseRoomsInput, principal: Principal): Promise<RoomPage>;
  /** The caller becomes its first member; a name taken under `roomNameKey` answers CONFLICT. */
  create(input: CreateRoomInput, principal: Principal): Promise<Room>;
  /** Public rooms only (a private one: NOT_FOUND); idempotent. */
  join(input: RoomRefInput, principal: Principal): Promise<Room>;
  /** `general` and DMs cannot be left (BAD_REQUEST); idempotent. */
  leave(input: RoomRefInput, principal: Principal): Promise<{ roomId: string }>;
  /** By any member (not of a DM: BAD_REQUEST); idempotent. */
  invite(input: InviteInput, principal: Principal): Promise<{ roomId: string; userId: string }>;
  /** The same set of people always answers the same room, also when opened concurrently. */
  openDm(input: OpenDmInput, principal: Principal): Promise<Room>;
  /** By the room's creator only (FORBIDDEN otherwise); not for DMs or general. */
  update(input: UpdateRoomInput, principal: Principal): Promise<Room>;
  members(input: RoomRefInput, principal: Principal): Promise<PublicUser[]>;
  markRead(input: MarkReadInput, principal: Principal): Promise<ReadState>;
}

export interface UsersService {
  /** Username prefix, case-insensitive, at most `limits.userSearch.max`. */
  search(input: SearchUsersInput, principal: Principal): Promise<PublicUser[]>;
}

export interface MessagesService {
  list(input: HistoryQuery, principal: Principal): Promise<MessagePage>;
  /** Own messages only (FORBIDDEN); a deleted one cannot be edited (BAD_REQUEST). */
  edit(input: EditMessageInput, principal: Principal): Promise<Message>;
  /** Own messages only (FORBIDDEN); deleting twice answers the deleted message. */
  delete(input: DeleteMessageInput, principal: Principal): Promise<Message>;
  /** Idempotent; not on a deleted message (BAD_REQUEST); at most `limits.reactions.maxDistinct` emoji. */
  react(input: ReactInput, principal: Principal): Promise<Message>;
}

export interface Services {
  auth: AuthService;
  users: UsersService;
  rooms: RoomsService;
  messages: MessagesService;
}
