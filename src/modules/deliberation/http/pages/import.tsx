// Importing a Polis export through the browser: upload comments.csv, votes.csv and, if there is
// one, participants-votes.csv. Problems in the files are listed with their line numbers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isModerator } from '../../../../core/actor.js';
import { AppError, type FieldError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { DataTable, ErrorSummary, Field, FileField, PostForm, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { AgencyPicker, type PickerAgency } from '../../../../web/kit/agency-picker.js';
import { Layout } from '../../../../web/layout.js';
import { agencyList } from '../../../agencies/manifest.js';
import { deliberationImport } from '../../actions/import.js';
import { mathRunnerFor } from '../../math-runner.js';
import { parseCommentsCsv, parseParticipantsVotesCsv, parseVotesCsv, type PolisProblem } from '../../math/polis-csv.js';
import { canCreateConversations } from '../../policy.js';
import { Assets, conversationHref, formFailure, requireActor } from './shared.js';
import { fileOf, registerMultipartParser, textOf, type MultipartBody } from '../../../../http/multipart.js';

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const SHOWN_PROBLEMS = 200;


interface ImportPageProps {
  ctx: PageContext;
  state: FormState;
  agencies: PickerAgency[] | null;
}

function ImportPage({ ctx, state, agencies }: ImportPageProps) {
  const title = ctx.t('deliberation.import_title');
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ href: '/deliberation', label: ctx.t('deliberation.nav') }, { label: title }]}>
      <Assets />
      <h1>{title}</h1>
      <p>{ctx.t('deliberation.import_intro')}</p>
      <ErrorSummary ctx={ctx} state={state} />
      <PostForm ctx={ctx} action="/deliberation/import" large files>
        {agencies && <AgencyPicker ctx={ctx} state={state} name="agencyCode" label={ctx.t('deliberation.field.agency')} agencies={agencies} required emptyLabel={ctx.t('deliberation.choose_agency')} />}
        <Field ctx={ctx} state={state} name="topic" label={ctx.t('deliberation.field.topic')} required maxLength={200} />
        <Field ctx={ctx} state={state} name="source" type="url" label={ctx.t('deliberation.field.source')} hint={ctx.t('deliberation.hint.source')} maxLength={1000} />
        <FileField ctx={ctx} state={state} name="comments" label="comments.csv" required accept=".csv,text/csv" />
        <FileField ctx={ctx} state={state} name="votes" label="votes.csv" required accept=".csv,text/csv" />
        <FileField ctx={ctx} state={state} name="participantsVotes" label="participants-votes.csv" accept=".csv,text/csv" />
        <SubmitButton>{ctx.t('deliberation.import_button')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

interface ImportedProps {
  ctx: PageContext;
  id: string;
  counts: { statements: number; participants: number; votes: number; groups: number };
  problems: PolisProblem[];
}

function ImportedPage({ ctx, id, counts, problems }: ImportedProps) {
  const title = ctx.t('deliberation.imported_title');
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ href: '/deliberation', label: ctx.t('deliberation.nav') }, { label: title }]}>
      <h1>{title}</h1>
      <p role="status">{ctx.t('deliberation.imported_counts', counts)}</p>
      <p>
        <a class="usa-button" href={conversationHref(id, '/report')}>
          {ctx.t('deliberation.read_report')}
        </a>
      </p>
      <section aria-labelledby="og-problems-heading">
        <h2 id="og-problems-heading">{ctx.t('deliberation.import_problems', { count: problems.length })}</h2>
        {problems.length === 0 ? (
          <p>{ctx.t('deliberation.import_no_problems')}</p>
        ) : (
          <DataTable
            caption={ctx.t('deliberation.import_problems_caption')}
            rows={problems.slice(0, SHOWN_PROBLEMS)}
            columns={[
              { header: ctx.t('deliberation.col.file'), cell: (p) => p.file },
              { header: ctx.t('deliberation.col.line'), cell: (p) => p.line },
              { header: ctx.t('deliberation.col.problem'), cell: (p) => <span lang="en">{p.message}</span> },
            ]}
          />
        )}
        {problems.length > SHOWN_PROBLEMS && <p>{ctx.t('deliberation.import_more_problems', { count: problems.length - SHOWN_PROBLEMS })}</p>}
      </section>
    </Layout>
  );
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function csvText(body: MultipartBody, name: string, fields: FieldError[], required: boolean): string | null {
  const value = fileOf(body, name)?.data;
  if (!value || value.length === 0) {
    if (required) fields.push({ field: name, message: 'validation.required' });
    return null;
  }
  try {
    return strictUtf8.decode(value);
  } catch {
    fields.push({ field: name, message: 'deliberation.not_utf8' });
    return null;
  }
}

async function agencyChoices(deps: AppDeps, request: FastifyRequest): Promise<PickerAgency[] | null> {
  return isModerator(request.actor) ? runAction(deps, request, agencyList, {}) : null;
}

async function sendForm(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) {
  const ctx = pageContext(request, reply);
  return sendPage(reply, <ImportPage ctx={ctx} state={state} agencies={await agencyChoices(deps, request)} />, status);
}

export async function importPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/deliberation/import', async (request, reply) => {
    if (!canCreateConversations(requireActor(request))) throw new AppError('FORBIDDEN', 'error.forbidden');
    return sendForm(deps, request, reply, emptyForm());
  });

  await app.register(async (scope) => {
    registerMultipartParser(scope, { bodyLimit: MAX_UPLOAD_BYTES });

    scope.post('/deliberation/import', { bodyLimit: MAX_UPLOAD_BYTES, config: { runs: [deliberationImport] } }, async (request, reply) => {
      if (!canCreateConversations(requireActor(request))) throw new AppError('FORBIDDEN', 'error.forbidden');
      const body = (request.body ?? {}) as MultipartBody;
      const text = (name: string) => textOf(body, name);
      const values = { agencyCode: text('agencyCode'), topic: text('topic'), source: text('source') };
      try {
        const fields: FieldError[] = [];
        const commentsText = csvText(body, 'comments', fields, true);
        const votesText = csvText(body, 'votes', fields, true);
        const participantsText = csvText(body, 'participantsVotes', fields, false);
        if (fields.length > 0) throw new AppError('INVALID', 'error.invalid_input', fields);
        const problems: PolisProblem[] = [];
        const comments = parseCommentsCsv(commentsText!, problems);
        const votes = parseVotesCsv(votesText!, problems, new Set(comments.map((c) => c.id)));
        const participants = participantsText === null ? [] : parseParticipantsVotesCsv(participantsText, problems);
        const imported = await runAction(deps, request, deliberationImport, {
          ...(values.agencyCode && { agencyCode: values.agencyCode }),
          topic: values.topic,
          ...(values.source && { source: values.source }),
          comments,
          votes: votes.votes.map((v) => [v.participantId, v.commentId, v.vote, v.time]),
          sourceGroups: participants.filter((p) => p.groupId !== null).map((p) => [p.participantId, p.groupId!]),
        });
        const outcome = await mathRunnerFor(deps.services).runNow(imported.conversationId, { full: true });
        const counts = { statements: imported.statements, participants: imported.participants, votes: imported.votes, groups: outcome.groups ?? 0 };
        return sendPage(reply, <ImportedPage ctx={pageContext(request, reply)} id={imported.conversationId} counts={counts} problems={problems} />);
      } catch (error) {
        const failed = formFailure(error, values);
        return sendForm(deps, request, reply, failed.state, failed.status);
      }
    });
  });
}
