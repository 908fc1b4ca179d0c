import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { DocumentPage } from "@/app/components/document-page";
import { documentHref, findDocument, readDocumentSource, SITE_DOCUMENTS } from "@/lib/site-docs/site-documents";

export function generateStaticParams() {
  return SITE_DOCUMENTS.filter((document) => document.slug !== "methodology").map((document) => ({
    page: document.slug,
  }));
}

export async function generateMetadata({ params }: { params: Promise<{ page: string }> }): Promise<Metadata> {
  const { page } = await params;
  const document = findDocument(page);
  return document ? { title: document.title, description: document.summary } : {};
}

export default async function GuidePage({ params }: { params: Promise<{ page: string }> }) {
  const { page } = await params;
  const document = findDocument(page);
  if (!document) notFound();
  // The methodology has kept its address since the first board linked to it.
  if (document.slug === "methodology") permanentRedirect(documentHref(document));
  return <DocumentPage document={document} source={await readDocumentSource(document)} />;
}
