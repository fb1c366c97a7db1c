// The people offered while an `@` word is typed: a listbox the composer's textarea drives
// (aria-activedescendant), so focus never leaves the text; a pointer can choose too.
import type { Principal } from '@chat/contract';
import { Avatar } from '../room/Avatar.tsx';

interface MentionSuggestionsProps {
  id: string;
  people: readonly Principal[];
  active: number;
  onChoose: (person: Principal) => void;
}

export const optionId = (listId: string, index: number) => `${listId}-${index}`;

export function MentionSuggestions({ id, people, active, onChoose }: MentionSuggestionsProps) {
  return (
    <ul id={id} className="mentions" role="listbox" aria-label="People to mention">
      {people.map((person, i) => (
        <li
          key={person.id}
          id={optionId(id, i)}
          role="option"
          aria-selected={i === active}
          className={`mentions__option${i === active ? ' mentions__option--active' : ''}`}
          // Keeps focus (and the caret) in the textarea.
          onPointerDown={(event) => event.preventDefault()}
          onClick={() => onChoose(person)}
        >
          <Avatar userId={person.id} name={person.username} size="small" />
          <span>{person.username}</span>
        </li>
      ))}
    </ul>
  );
}
