// Creating and editing a conversation (agency staff for their agency, moderators for any).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ErrorSummary, Field, PostForm, Select, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { AgencyPicker, type PickerAgency } from '../../../../web/kit/agency-picker.js';
import { Layout } from '../../../../web/layout.js';
import { agencyList } from '../../../agencies/manifest.js';
import { isModerator } from '../../../../core/actor.js';
import { deliberationCreate, deliberationShow, deliberationUpdate } from '../../actions/conversations.js';
import { canCreateConversations } from '../../policy.js';
import { STATEMENT_LENGTH_DEFAULT, STATEMENT_LENGTH_MAX, STATEMENT_LENGTH_MIN, type Conversation } from '../../schemas.js';
import { Assets, conversationHref, formFailure, formText, fromLocalInput, requireActor, toLocalInput } from './shared.js';

const textFields = ['agencyCode', 'topic', 'description', 'language', 'links', 'seedStatements', 'opensAt', 'closesAt', 'participation', 'moderation', 'participantStatements', 'statementMaxLength'] as const;

interface FormPageProps {
  ctx: PageContext;
  state: FormState;
  agencies: PickerAgency[] | null;
  conversation?: Conversation;
}

function ConversationFormPage({ ctx, state, agencies, conversation }: FormPageProps) {
  const editing = !!conversation;
  const title = editing ? ctx.t('deliberation.edit_title') : ctx.t('deliberation.new_title');
  const action = editing ? conversationHref(conversation.id, '/edit') : '/deliberation/new';
  const crumbs = [{ href: '/deliberation', label: ctx.t('deliberation.nav') }, ...(editing ? [{ href: conversationHref(conversation.id), label: conversation.topic }] : []), { label: title }];
  const yesNo = [
    { value: 'yes', label: ctx.t('deliberation.yes') },
    { value: 'no', label: ctx.t('deliberation.no') },
  ];
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs}>
      <Assets />
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} state={state} />
      <PostForm ctx={ctx} action={action} large class="og-conversation-form">
        {agencies && !editing && (
          <AgencyPicker ctx={ctx} state={state} name="agencyCode" label={ctx.t('deliberation.field.agency')} agencies={agencies} required emptyLabel={ctx.t('deliberation.choose_agency')} />
        )}
        <Field ctx={ctx} state={state} name="topic" label={ctx.t('deliberation.field.topic')} required maxLength={200} />
        <Field ctx={ctx} state={state} name="description" label={ctx.t('deliberation.field.description')} hint={ctx.t('deliberation.hint.description')} multiline maxLength={20000} />
        <Select
          ctx={ctx}
          state={state}
          name="language"
          label={ctx.t('deliberation.field.language')}
          required
          options={[
            { value: 'zh-TW', label: '中文（臺灣）' },
            { value: 'en', label: 'English' },
          ]}
        />
        <Field ctx={ctx} state={state} name="links" label={ctx.t('deliberation.field.links')} hint={ctx.t('deliberation.hint.links')} multiline maxLength={20000} />
        <Field
          ctx={ctx}
          state={state}
          name="seedStatements"
          label={ctx.t(editing ? 'deliberation.field.more_seeds' : 'deliberation.field.seeds')}
          hint={ctx.t('deliberation.hint.seeds')}
          multiline
          maxLength={200000}
        />
        <Field ctx={ctx} state={state} name="opensAt" type="datetime-local" label={ctx.t('deliberation.field.opens_at')} hint={ctx.t('deliberation.hint.taipei_time')} />
        <Field ctx={ctx} state={state} name="closesAt" type="datetime-local" label={ctx.t('deliberation.field.closes_at')} hint={ctx.t('deliberation.hint.taipei_time')} />
        <Select
          ctx={ctx}
          state={state}
          name="participation"
          label={ctx.t('deliberation.field.participation')}
          required
          options={[
            { value: 'signed_in', label: ctx.t('deliberation.participation.signed_in') },
            { value: 'verified', label: ctx.t('deliberation.participation.verified') },
          ]}
        />
        <Select
          ctx={ctx}
          state={state}
          name="moderation"
          label={ctx.t('deliberation.field.moderation')}
          required
          options={[
            { value: 'strict', label: ctx.t('deliberation.moderation.strict') },
            { value: 'permissive', label: ctx.t('deliberation.moderation.permissive') },
          ]}
        />
        <Select ctx={ctx} state={state} name="participantStatements" label={ctx.t('deliberation.field.participant_statements')} required options={yesNo} />
        <Field
          ctx={ctx}
          state={state}
          name="statementMaxLength"
          label={ctx.t('deliberation.field.statement_max_length')}
          hint={ctx.t('deliberation.hint.statement_max_length', { min: STATEMENT_LENGTH_MIN, max: STATEMENT_LENGTH_MAX })}
          inputMode="numeric"
          required
          maxLength={4}
        />
        <SubmitButton>{ctx.t(editing ? 'deliberation.save' : 'deliberation.create')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

/** "title | https://..." or a bare address, one per line. */
export function parseLinkLines(text: string): { title: string; url: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.lastIndexOf('|');
      if (bar < 0) return { title: line, url: line };
      const title = line.slice(0, bar).trim();
      const url = line.slice(bar + 1).trim();
      return { title: title || url, url };
    });
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function formToInput(body: unknown, editing: boolean): Record<string, unknown> {
  const get = (name: string) => formText(body, name);
  const maxLength = get('statementMaxLength').trim();
  const input: Record<string, unknown> = {
    topic: get('topic'),
    description: get('description'),
    language: get('language') || undefined,
    links: parseLinkLines(get('links')),
    seedStatements: lines(get('seedStatements')),
    opensAt: fromLocalInput(get('opensAt')),
    closesAt: fromLocalInput(get('closesAt')),
    participation: get('participation') || undefined,
    moderation: get('moderation') || undefined,
    participantStatements: get('participantStatements') === 'no' ? false : get('participantStatements') === 'yes' ? true : undefined,
    statementMaxLength: /^\d{1,6}$/.test(maxLength) ? Number(maxLength) : maxLength === '' ? undefined : maxLength,
  };
  if (!editing && get('agencyCode')) input.agencyCode = get('agencyCode');
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
  return input;
}

/** Field errors of nested values (links.2.url, seedStatements.0) point at their textarea. */
function fieldErrors(error: unknown): unknown {
  if (!(error instanceof AppError) || error.fields.length === 0) return error;
  const seen = new Set<string>();
  const fields: FieldError[] = [];
  for (const f of error.fields) {
    const path = f.field.replace(/^changes\./, '');
    const field = path.split('.')[0]!;
    if (seen.has(field)) continue;
    seen.add(field);
    fields.push(field === 'links' && path !== 'links' ? { field, message: 'deliberation.bad_link' } : { ...f, field });
  }
  return new AppError(error.code, error.message, fields, error.params);
}

function valuesOf(conversation: Conversation): Record<string, unknown> {
  return {
    topic: conversation.topic,
    description: conversation.description,
    language: conversation.language,
    links: conversation.links.map((l) => (l.title === l.url ? l.url : `${l.title} | ${l.url}`)).join('\n'),
    opensAt: toLocalInput(conversation.opensAt),
    closesAt: toLocalInput(conversation.closesAt),
    participation: conversation.participation,
    moderation: conversation.moderation,
    participantStatements: conversation.participantStatements ? 'yes' : 'no',
    statementMaxLength: conversation.statementMaxLength,
  };
}

async function agencyChoices(deps: AppDeps, request: FastifyRequest): Promise<PickerAgency[] | null> {
  return isModerator(request.actor) ? runAction(deps, request, agencyList, {}) : null;
}

async function sendForm(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, state: FormState, conversation?: Conversation, status = 200) {
  const ctx = pageContext(request, reply);
  return sendPage(reply, <ConversationFormPage ctx={ctx} state={state} agencies={conversation ? null : await agencyChoices(deps, request)} conversation={conversation} />, status);
}

export async function formPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/deliberation/new', async (request, reply) => {
    if (!canCreateConversations(requireActor(request))) throw new AppError('FORBIDDEN', 'error.forbidden');
    return sendForm(deps, request, reply, emptyForm({ language: 'zh-TW', participation: 'signed_in', moderation: 'strict', participantStatements: 'yes', statementMaxLength: STATEMENT_LENGTH_DEFAULT }));
  });

  app.post('/deliberation/new', { config: { runs: [deliberationCreate] } }, async (request, reply) => {
    requireActor(request);
    let id: string;
    try {
      id = (await runAction(deps, request, deliberationCreate, formToInput(request.body, false))).id;
    } catch (error) {
      const failed = formFailure(fieldErrors(error), Object.fromEntries(textFields.map((f) => [f, formText(request.body, f)])));
      return sendForm(deps, request, reply, failed.state, undefined, failed.status);
    }
    return redirectWithFlash(reply, conversationHref(id), { kind: 'success', message: 'deliberation.flash.created' });
  });

  app.get<{ Params: { id: string } }>('/deliberation/:id/edit', async (request, reply) => {
    requireActor(request);
    const shown = await runAction(deps, request, deliberationShow, { conversationId: request.params.id });
    if (!shown.canManage) throw new AppError('FORBIDDEN', 'error.forbidden');
    return sendForm(deps, request, reply, emptyForm(valuesOf(shown.conversation)), shown.conversation);
  });

  app.post<{ Params: { id: string } }>('/deliberation/:id/edit', { config: { runs: [deliberationUpdate, deliberationShow] } }, async (request, reply) => {
    requireActor(request);
    try {
      await runAction(deps, request, deliberationUpdate, { conversationId: request.params.id, changes: formToInput(request.body, true) });
    } catch (error) {
      const failed = formFailure(fieldErrors(error), Object.fromEntries(textFields.map((f) => [f, formText(request.body, f)])));
      const shown = await runAction(deps, request, deliberationShow, { conversationId: request.params.id });
      return sendForm(deps, request, reply, failed.state, shown.conversation, failed.status);
    }
    return redirectWithFlash(reply, conversationHref(request.params.id), { kind: 'success', message: 'deliberation.flash.saved' });
  });
}
