import type { ModuleManifest } from '../../manifest.js';
import { petitionSettingsShow, petitionSettingsUpdate } from './actions/petition_settings.js';
import { proposalComment, proposalDraftComment } from './actions/proposal_comment.js';
import { proposalCreate } from './actions/proposal_create.js';
import { proposalAttachmentAdd, proposalAttachmentGet, proposalAttachmentRemove, proposalDraftUpdate, proposalDraftView, proposalShare } from './actions/proposal_draft.js';
import { proposalEndorse } from './actions/proposal_endorse.js';
import { proposalEndorsementWithdraw } from './actions/proposal_endorsement_withdraw.js';
import { proposalExport } from './actions/proposal_export.js';
import { proposalExtend } from './actions/proposal_extend.js';
import { proposalFollow, proposalUnfollow } from './actions/proposal_follow.js';
import { proposalFollowupUpdate } from './actions/proposal_followup_update.js';
import { proposalInbox } from './actions/proposal_inbox.js';
import { proposalList, proposalMine } from './actions/proposal_list.js';
import { proposalMeetingAdd } from './actions/proposal_meeting_add.js';
import { proposalAgencyOptions } from './actions/proposal_options.js';
import { proposalRespond, proposalResponseDraftShow, proposalResponseSave } from './actions/proposal_respond.js';
import { proposalAgenciesChange, proposalApprove, proposalHide, proposalMarkDuplicate, proposalReviewQueue } from './actions/proposal_review.js';
import { proposalSimilar } from './actions/proposal_similar.js';
import { proposalCount, proposalShow, proposerReadiness } from './actions/proposal_show.js';
import { proposalStats } from './actions/proposal_stats.js';
import { proposalSubmit } from './actions/proposal_submit.js';
import { proposalSweep } from './actions/proposal_sweep.js';
import { petitionRoutes } from './http/routes.js';
import { petitionMessages } from './messages.js';
import { petitionMigrations } from './migrations.js';
import { seedDemoProposals } from './seed.js';
import { runSweep } from './sweep.js';
import { searchProposals } from './http/site-search.js';

export const petitionsModule: ModuleManifest = {
  name: 'petitions',
  assurance: [
    { setting: 'proposeLevel', actions: ['proposal_submit', 'proposal_create'], default: 2, label: 'petitions.setting.proposeLevel' },
    { setting: 'endorseLevel', actions: ['proposal_endorse'], default: 1, label: 'petitions.setting.endorseLevel' },
  ],
  actions: [
    proposalCreate,
    proposalDraftUpdate,
    proposalShare,
    proposalDraftView,
    proposalDraftComment,
    proposalAttachmentAdd,
    proposalAttachmentRemove,
    proposalAttachmentGet,
    proposalSubmit,
    proposalSimilar,
    proposalApprove,
    proposalHide,
    proposalMarkDuplicate,
    proposalAgenciesChange,
    proposalReviewQueue,
    proposalEndorse,
    proposalEndorsementWithdraw,
    proposalFollow,
    proposalUnfollow,
    proposalComment,
    proposalResponseSave,
    proposalRespond,
    proposalResponseDraftShow,
    proposalExtend,
    proposalMeetingAdd,
    proposalFollowupUpdate,
    proposalList,
    proposalMine,
    proposalShow,
    proposalCount,
    proposerReadiness,
    proposalInbox,
    proposalAgencyOptions,
    proposalStats,
    proposalExport,
    proposalSweep,
    petitionSettingsShow,
    petitionSettingsUpdate,
  ],
  migrations: petitionMigrations,
  messages: petitionMessages,
  home: [{ href: '/proposals', title: 'petitions.home.title', text: 'petitions.home.text', action: 'petitions.home.action' }],
  nav: [
    { href: '/proposals', label: 'petitions.nav', area: 'main' },
    { href: '/admin/proposals/review', label: 'petitions.nav_review', area: 'admin', roles: ['platform_moderator', 'platform_admin'] },
    { href: '/agency/proposals', label: 'petitions.nav_inbox', area: 'admin', roles: ['agency_staff', 'agency_admin'] },
    { href: '/admin/proposals/settings', label: 'petitions.nav_settings', area: 'admin', roles: ['platform_admin'] },
  ],
  jobs: (deps) => [{ name: 'petitions.sweep', everySeconds: 300, run: () => runSweep(deps).then(() => undefined) }],
  siteSearch: searchProposals,
  routes: petitionRoutes,
  seedDemo: seedDemoProposals,
};

export { petitionDatasets } from './datasets.js';
