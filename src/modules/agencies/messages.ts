import type { Locale, Messages } from '../../core/i18n/index.js';

export const agencyMessages: Record<Locale, Messages> = {
  'zh-TW': {
    'agencies.directory': '機關名錄',
    'agencies.admin_title': '機關管理',
    'agencies.unknown_parent': '找不到這個上級機關代碼',
    'agencies.parent_cycle': '上級機關不能是自己或自己的下級機關',
    'agencies.code_taken': '這個機關代碼已被使用',
  },
  en: {
    'agencies.directory': 'Agency directory',
    'agencies.admin_title': 'Agencies',
    'agencies.unknown_parent': 'No agency has this parent code',
    'agencies.parent_cycle': 'An agency cannot be placed under itself or one of its sub-agencies',
    'agencies.code_taken': 'This agency code is already in use',
  },
};
