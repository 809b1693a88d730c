// The deliberation module (vTaiwan / Pol.is): conversations, voting, live opinion groups,
// consensus, Polis-compatible import and export.
import type { ModuleManifest } from '../../manifest.js';
import { deliberationCreate, deliberationList, deliberationShow, deliberationUpdate } from './actions/conversations.js';
import { deliberationImport } from './actions/import.js';
import { deliberationModerationQueue, deliberationRecompute, deliberationStatementMeta, deliberationStatementModerate } from './actions/moderation.js';
import { deliberationNext, deliberationStatementSubmit, deliberationVote } from './actions/participation.js';
import { deliberationExport, deliberationReport } from './actions/report.js';
import { deliberationRoutes } from './http/routes.js';
import { deliberationWidget } from './http/pages/participate.js';
import { mathRunnerFor } from './math-runner.js';
import { deliberationMessages } from './messages.js';
import { deliberationMigrations } from './migrations.js';
import { seedDemoDeliberation } from './seed.js';
import { searchConversations } from './http/site-search.js';
import { deliberationAbout } from './actions/about.js';
import { conversationAboutPage } from './http/hosted.js';
import { cli } from './cli.js';
import { deliberationDb } from './tables.js';

export const deliberationModule: ModuleManifest & { components: { participation: typeof deliberationWidget } } = {
  name: 'deliberation',
  actions: [
    deliberationList,
    deliberationShow,
    deliberationCreate,
    deliberationUpdate,
    deliberationNext,
    deliberationVote,
    deliberationStatementSubmit,
    deliberationModerationQueue,
    deliberationStatementModerate,
    deliberationStatementMeta,
    deliberationRecompute,
    deliberationReport,
    deliberationExport,
    deliberationImport,
    deliberationAbout,
  ],
  migrations: deliberationMigrations,
  messages: deliberationMessages,
  home: [{ href: '/deliberation', title: 'deliberation.home.title', text: 'deliberation.home.text', action: 'deliberation.home.action' }],
  nav: [{ href: '/deliberation', label: 'deliberation.nav', area: 'main' }],
  siteSearch: searchConversations,
  hostedSections: [conversationAboutPage],
  routes: deliberationRoutes,
  // Safety net: conversations whose stored math is behind their votes (a process stopped before its
  // debounced update ran) are brought up to date.
  jobs: ({ services }) => [
    {
      name: 'deliberation.math_catch_up',
      everySeconds: 60,
      run: async () => {
        const stale = await deliberationDb(services.db)
          .selectFrom('deliberation_conversations as c')
          .leftJoin('deliberation_math as m', 'm.conversation_id', 'c.id')
          .select('c.id')
          .where('c.vote_seq', '>', 0)
          .where((eb) => eb.or([eb('m.votes_seq', 'is', null), eb('m.votes_seq', '<', eb.ref('c.vote_seq'))]))
          .execute();
        const runner = mathRunnerFor(services);
        for (const row of stale) runner.notify(row.id);
      },
    },
  ],
  cli,
  seedDemo: seedDemoDeliberation,
  /**
   * Components other modules can host: `components.participation(deps, request, ctx, conversationId,
   * { returnTo })` renders the participation widget (statement, vote buttons) for a conversation.
   */
  components: { participation: deliberationWidget },
};
