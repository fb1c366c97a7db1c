// Small inline icons (decorative: the buttons that hold them carry the label).
const common = { width: 20, height: 20, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;

export const MenuIcon = () => (
  <svg {...common}>
    <path d="M4 6h16M4 12h16M4 18h16" />
  </svg>
);
export const CloseIcon = () => (
  <svg {...common}>
    <path d="M6 6l12 12M18 6L6 18" />
  </svg>
);
export const PlusIcon = () => (
  <svg {...common} width={18} height={18}>
    <path d="M12 5v14M5 12h14" />
  </svg>
);
export const SendIcon = () => (
  <svg {...common}>
    <path d="M5 12l14-7-5 14-2.5-5.5z" />
    <path d="M11.5 13.5L19 5" />
  </svg>
);
export const ClockIcon = () => (
  <svg {...common} width={14} height={14}>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 7.5V12l3 2" />
  </svg>
);
export const CheckIcon = () => (
  <svg {...common} width={14} height={14}>
    <path d="M5 12.5l4.5 4.5L19 7.5" />
  </svg>
);
export const AlertIcon = () => (
  <svg {...common} width={14} height={14}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7.5v5.5M12 16.5v.01" />
  </svg>
);
export const ArrowDownIcon = () => (
  <svg {...common} width={16} height={16}>
    <path d="M12 5v14M6 13l6 6 6-6" />
  </svg>
);
export const SmileIcon = () => (
  <svg {...common} width={18} height={18}>
    <circle cx="12" cy="12" r="9" />
    <path d="M8.5 14.5a4.5 4.5 0 0 0 7 0M9 9.5h.01M15 9.5h.01" />
  </svg>
);
export const ReplyIcon = () => (
  <svg {...common} width={18} height={18}>
    <path d="M10 8L5 12l5 4" />
    <path d="M5 12h9a5 5 0 0 1 5 5v1" />
  </svg>
);
export const PencilIcon = () => (
  <svg {...common} width={18} height={18}>
    <path d="M15.5 5.5l3 3L8 19H5v-3z" />
  </svg>
);
export const TrashIcon = () => (
  <svg {...common} width={18} height={18}>
    <path d="M5 7h14M10 7V5h4v2M7 7l1 12h8l1-12" />
  </svg>
);
export const MoreIcon = () => (
  <svg {...common} width={18} height={18}>
    <path d="M6 12h.01M12 12h.01M18 12h.01" strokeWidth={3} />
  </svg>
);
export const LockIcon = () => (
  <svg {...common} width={14} height={14}>
    <rect x="5" y="11" width="14" height="9" rx="2" />
    <path d="M8 11V8a4 4 0 0 1 8 0v3" />
  </svg>
);
export const SearchIcon = () => (
  <svg {...common} width={18} height={18}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="M16 16l4 4" />
  </svg>
);
export const InfoIcon = () => (
  <svg {...common} width={18} height={18}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5.5M12 7.5v.01" />
  </svg>
);
