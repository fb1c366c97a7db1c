import type {
  AuthResult,
  CreateRoomInput,
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
} from './schemas.ts';

/**
 * What the router needs from the server. apps/api implements these; the contract only
 * declares them, so importing `AppRouter` pulls in nothing but @trpc/server and zod.
 * Implementations signal failures by throwing `TRPCError` (CONFLICT, NOT_FOUND, ...).
 */
export interface AuthService {
  signup(input: SignupInput): Promise<AuthResult>;
  login(input: LoginInput): Promise<AuthResult>;
  me(principal: Principal): Promise<User>;
  /** The principal a bearer token proves, or null for any token that is not valid. */
  authenticate(token: string): Promise<Principal | null>;
}

export interface RoomsService {
  list(principal: Principal): Promise<Room[]>;
  create(input: CreateRoomInput, principal: Principal): Promise<Room>;
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
  rooms: RoomsService;
  messages: MessagesService;
}
