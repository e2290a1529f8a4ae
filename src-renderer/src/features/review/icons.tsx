/**
 * The few toolbar icons, as inline SVG (no icon font or package: glyph fonts differ between machines and an
 * emoji can render as an empty box). Decorative: the buttons that hold them carry the accessible name.
 */
import type { ReactNode } from 'react';

function Svg({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false">
      {children}
    </svg>
  );
}

export const RulerIcon = () => (
  <Svg>
    <rect x="2" y="8" width="20" height="8" rx="1" />
    <path d="M6 8v3M10 8v4M14 8v3M18 8v4" />
  </Svg>
);

export const CalipersIcon = () => (
  <Svg>
    <circle cx="12" cy="4.5" r="1.8" />
    <path d="M11 6.2L6 21M13 6.2L18 21M8.5 14h7" />
  </Svg>
);

export const EyeIcon = ({ off = false }: { off?: boolean }) => (
  <Svg>
    <path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z" />
    <circle cx="12" cy="12" r="3" />
    {off && <path d="M3 3l18 18" />}
  </Svg>
);

export const ChevronIcon = ({ open = false }: { open?: boolean }) => (
  <Svg>
    <path d={open ? 'M6 9l6 6 6-6' : 'M9 6l6 6-6 6'} />
  </Svg>
);

export const ArrowIcon = ({ direction }: { direction: 'left' | 'right' }) => (
  <Svg>
    <path d={direction === 'left' ? 'M15 6l-6 6 6 6' : 'M9 6l6 6-6 6'} />
  </Svg>
);

export const PanelIcon = ({ open = true }: { open?: boolean }) => (
  <Svg>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <path d="M15 4v16" />
    {open ? <path d="M10 10l2 2-2 2" /> : <path d="M12 10l-2 2 2 2" />}
  </Svg>
);
