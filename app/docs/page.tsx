import type { Metadata } from "next";
import Link from "next/link";
import { documentHref, SITE_DOCUMENTS } from "@/lib/site-docs/site-documents";

export const metadata: Metadata = { title: "Guides" };

export default function GuidesPage() {
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Guides</h1>
      <ul className="space-y-3">
        {SITE_DOCUMENTS.map((document) => (
          <li key={document.slug}>
            <Link href={documentHref(document)} className="font-semibold text-leaf-700 underline dark:text-leaf-300">
              {document.title}
            </Link>
            <p className="text-sm text-stone-700 dark:text-stone-300">{document.summary}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
