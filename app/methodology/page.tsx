/**
 * The methodology page, rendered from docs/methodology.md like the other guides (app/components/document-page.tsx),
 * at the address boards have linked to from the start.
 */
import type { Metadata } from "next";
import { DocumentPage } from "@/app/components/document-page";
import { findDocument, readDocumentSource } from "@/lib/site-docs/site-documents";

export const metadata: Metadata = { title: "How we measure" };

export default async function MethodologyPage() {
  const document = findDocument("methodology");
  if (!document) throw new Error("The methodology is missing from the site's documents.");
  return <DocumentPage document={document} source={await readDocumentSource(document)} />;
}
