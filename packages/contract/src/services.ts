import type {
  AuthResult,
  CreateRoomInput,
  HistoryQuery,
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
}

export interface Services {
  auth: AuthService;
  rooms: RoomsService;
  messages: MessagesService;
}
