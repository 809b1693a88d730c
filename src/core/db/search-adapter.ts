// Full-text search over pre-tokenised text (see core/search/tokenizer): SQLite FTS5 or a
// PostgreSQL tsvector('simple'). The only engine-specific search SQL in the code base.
import { sql } from 'kysely';
import type { AnyDb, Dialect } from './types.js';
import { toFtsMatch, toIndexText, toTsQuery } from '../search/tokenizer.js';

export interface SearchHit {
  docId: string;
  rank: number;
}

export async function indexDocument(db: AnyDb, dialect: Dialect, docType: string, docId: string, text: string): Promise<void> {
  const body = toIndexText(text);
  if (dialect === 'postgres') {
    await sql`insert into search_documents (doc_type, doc_id, tsv) values (${docType}, ${docId}, to_tsvector('simple', ${body}))
      on conflict (doc_type, doc_id) do update set tsv = excluded.tsv`.execute(db);
  } else {
    await sql`delete from search_fts where doc_type = ${docType} and doc_id = ${docId}`.execute(db);
    await sql`insert into search_fts (doc_type, doc_id, body) values (${docType}, ${docId}, ${body})`.execute(db);
  }
}

export async function removeDocument(db: AnyDb, dialect: Dialect, docType: string, docId: string): Promise<void> {
  if (dialect === 'postgres') await sql`delete from search_documents where doc_type = ${docType} and doc_id = ${docId}`.execute(db);
  else await sql`delete from search_fts where doc_type = ${docType} and doc_id = ${docId}`.execute(db);
}

/** Ids of every matching document of one type, unranked (cheaper than ranking them all). */
export async function matchDocuments(db: AnyDb, dialect: Dialect, docType: string, query: string): Promise<string[]> {
  if (dialect === 'postgres') {
    const tsq = toTsQuery(query);
    if (!tsq) return [];
    const { rows } = await sql<{ doc_id: string }>`
      select doc_id from search_documents where doc_type = ${docType} and tsv @@ to_tsquery('simple', ${tsq})`.execute(db);
    return rows.map((r) => r.doc_id);
  }
  const match = toFtsMatch(query);
  if (!match) return [];
  const { rows } = await sql<{ doc_id: string }>`select doc_id from search_fts where search_fts match ${match} and doc_type = ${docType}`.execute(db);
  return rows.map((r) => r.doc_id);
}

/** Matching document ids of one type, best first. An empty or token-less query matches nothing. */
export async function searchDocuments(db: AnyDb, dialect: Dialect, docType: string, query: string, limit = 1000): Promise<SearchHit[]> {
  if (dialect === 'postgres') {
    const tsq = toTsQuery(query);
    if (!tsq) return [];
    const { rows } = await sql<{ doc_id: string; rank: number }>`
      select doc_id, ts_rank(tsv, q) as rank from search_documents, to_tsquery('simple', ${tsq}) q
      where doc_type = ${docType} and tsv @@ q order by rank desc, doc_id limit ${limit}`.execute(db);
    return rows.map((r) => ({ docId: r.doc_id, rank: Number(r.rank) }));
  }
  const match = toFtsMatch(query);
  if (!match) return [];
  const { rows } = await sql<{ doc_id: string; rank: number }>`
    select doc_id, bm25(search_fts) as rank from search_fts
    where search_fts match ${match} and doc_type = ${docType} order by rank limit ${limit}`.execute(db);
  return rows.map((r) => ({ docId: r.doc_id, rank: -Number(r.rank) }));
}

/**
 * Indexes many documents that are not in the index yet (bulk loads and imports of new records).
 * Skips the per-document delete of indexDocument, which on SQLite scans the FTS table.
 */
export async function indexNewDocuments(db: AnyDb, dialect: Dialect, docType: string, docs: Array<{ id: string; text: string }>): Promise<void> {
  const CHUNK = 200;
  for (let i = 0; i < docs.length; i += CHUNK) {
    const chunk = docs.slice(i, i + CHUNK);
    if (dialect === 'postgres') {
      const values = sql.join(chunk.map((d) => sql`(${docType}, ${d.id}, to_tsvector('simple', ${toIndexText(d.text)}))`));
      await sql`insert into search_documents (doc_type, doc_id, tsv) values ${values}
        on conflict (doc_type, doc_id) do update set tsv = excluded.tsv`.execute(db);
    } else {
      const values = sql.join(chunk.map((d) => sql`(${docType}, ${d.id}, ${toIndexText(d.text)})`));
      await sql`insert into search_fts (doc_type, doc_id, body) values ${values}`.execute(db);
    }
  }
}
