/**
 * A board uses the page's full width: the root layout's main column (max-w-5xl, right for prose) widens to
 * 96rem when it holds a page marked data-wide-page (app/layout.tsx).
 */
export default function TrackBoardLayout({ children }: { children: React.ReactNode }) {
  return <div data-wide-page="">{children}</div>;
}
