import { Link } from '@tanstack/react-router';

/** The three culture pages, side by side (the current one is marked by the router). */
export function CultureNav({ schoolId }: { schoolId: string }) {
  const params = { schoolId };
  return (
    <nav aria-label="Culture" className="culture-nav">
      <ul className="inline-links">
        <li>
          <Link to="/schools/$schoolId/agreements" params={params}>
            Agreements
          </Link>
        </li>
        <li>
          <Link to="/schools/$schoolId/self-assessment" params={params}>
            Core-practice self-assessment
          </Link>
        </li>
        <li>
          <Link to="/schools/$schoolId/pulse" params={params}>
            Staff pulse
          </Link>
        </li>
      </ul>
    </nav>
  );
}
