/** The module's open-data datasets and where to download them (what the catalog entry points at). */
export const petitionDatasets = [
  { name: 'proposals', titleZh: '提議', titleEn: 'Proposals', formats: ['csv', 'json'], path: '/proposals/data/proposals' },
  { name: 'responses', titleZh: '機關回應', titleEn: 'Agency responses', formats: ['csv', 'json'], path: '/proposals/data/responses' },
  { name: 'counts', titleZh: '附議數', titleEn: 'Endorsement counts', formats: ['csv', 'json'], path: '/proposals/data/counts' },
] as const;
