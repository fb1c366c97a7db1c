// Edit, delete and react: tRPC mutations over HTTP. What they answer is the message's new state,
// put into the room at once (the same change comes back over the socket too; the later seq wins).
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../../../trpc.ts';
import { useChat } from '../../chat-context.ts';

export function useEditMessage() {
  const trpc = useTRPC();
  const { controller } = useChat();
  return useMutation(trpc.messages.edit.mutationOptions({ onSuccess: (message) => controller.applyMessage(message) }));
}

export function useDeleteMessage() {
  const trpc = useTRPC();
  const { controller } = useChat();
  return useMutation(trpc.messages.delete.mutationOptions({ onSuccess: (message) => controller.applyMessage(message) }));
}

export function useReactToMessage() {
  const trpc = useTRPC();
  const { controller } = useChat();
  return useMutation(trpc.messages.react.mutationOptions({ onSuccess: (message) => controller.applyMessage(message) }));
}
