// Taiwan's government agencies for seeding: the top of the central government, every ministry and
// council of the Executive Yuan, well-known subordinate agencies, and the 22 local governments.
//
// Codes are short, stable, lower-case slugs (mostly the agency's own English abbreviation), NOT the
// official government agency codes (機關代碼) or OIDs: none of those are used because they could not
// be verified here. An official code belongs in its own column once checked against the DGPA list.
// Level is the depth in this tree: 1 for the top (總統府, the five Yuan, local governments).
// Names follow the agencies' own usage after the 2023 reorganisation of the Executive Yuan.

export interface AgencySeed {
  code: string;
  nameZh: string;
  nameEn: string;
  parentCode: string | null;
  kind: 'central' | 'local';
  level: number;
}

/** [parentCode, code, nameZh, nameEn]; a parent always comes before its children. */
type Row = readonly [parentCode: string | null, code: string, nameZh: string, nameEn: string];

const centralRows: Row[] = [
  [null, 'president', '總統府', 'Office of the President'],
  ['president', 'as', '中央研究院', 'Academia Sinica'],
  ['president', 'drnh', '國史館', 'Academia Historica'],

  [null, 'ey', '行政院', 'Executive Yuan'],
  [null, 'ly', '立法院', 'Legislative Yuan'],
  [null, 'jy', '司法院', 'Judicial Yuan'],
  [null, 'exam-yuan', '考試院', 'Examination Yuan'],
  [null, 'cy', '監察院', 'Control Yuan'],

  // Ministries
  ['ey', 'moi', '內政部', 'Ministry of the Interior'],
  ['ey', 'mofa', '外交部', 'Ministry of Foreign Affairs'],
  ['ey', 'mnd', '國防部', 'Ministry of National Defense'],
  ['ey', 'mof', '財政部', 'Ministry of Finance'],
  ['ey', 'moe', '教育部', 'Ministry of Education'],
  ['ey', 'moj', '法務部', 'Ministry of Justice'],
  ['ey', 'moea', '經濟部', 'Ministry of Economic Affairs'],
  ['ey', 'motc', '交通部', 'Ministry of Transportation and Communications'],
  ['ey', 'mol', '勞動部', 'Ministry of Labor'],
  ['ey', 'moa', '農業部', 'Ministry of Agriculture'],
  ['ey', 'mohw', '衛生福利部', 'Ministry of Health and Welfare'],
  ['ey', 'moenv', '環境部', 'Ministry of Environment'],
  ['ey', 'moc', '文化部', 'Ministry of Culture'],
  ['ey', 'moda', '數位發展部', 'Ministry of Digital Affairs'],
  ['ey', 'mos', '運動部', 'Ministry of Sports'], // established September 2025

  // Councils, commissions and other bodies of the Executive Yuan
  ['ey', 'ndc', '國家發展委員會', 'National Development Council'],
  ['ey', 'nstc', '國家科學及技術委員會', 'National Science and Technology Council'],
  ['ey', 'mac', '大陸委員會', 'Mainland Affairs Council'],
  ['ey', 'fsc', '金融監督管理委員會', 'Financial Supervisory Commission'],
  ['ey', 'oac', '海洋委員會', 'Ocean Affairs Council'],
  ['ey', 'ocac', '僑務委員會', 'Overseas Community Affairs Council'],
  ['ey', 'vac', '國軍退除役官兵輔導委員會', 'Veterans Affairs Council'],
  ['ey', 'cip', '原住民族委員會', 'Council of Indigenous Peoples'],
  ['ey', 'hac', '客家委員會', 'Hakka Affairs Council'],
  ['ey', 'pcc', '行政院公共工程委員會', 'Public Construction Commission'],
  ['ey', 'nusc', '核能安全委員會', 'Nuclear Safety Commission'],
  ['ey', 'dgbas', '行政院主計總處', 'Directorate-General of Budget, Accounting and Statistics'],
  ['ey', 'dgpa', '行政院人事行政總處', 'Directorate-General of Personnel Administration'],
  ['ey', 'cbc', '中央銀行', 'Central Bank of the Republic of China (Taiwan)'],
  ['ey', 'npm', '國立故宮博物院', 'National Palace Museum'],

  // Independent agencies
  ['ey', 'cec', '中央選舉委員會', 'Central Election Commission'],
  ['ey', 'ftc', '公平交易委員會', 'Fair Trade Commission'],
  ['ey', 'ncc', '國家通訊傳播委員會', 'National Communications Commission'],

  // Subordinate agencies
  ['moi', 'moi-npa', '內政部警政署', 'National Police Agency'],
  ['moi', 'moi-nfa', '內政部消防署', 'National Fire Agency'],
  ['moi', 'moi-nia', '內政部移民署', 'National Immigration Agency'],
  ['moi', 'moi-nlma', '內政部國土管理署', 'National Land Management Agency'],
  ['mof', 'mof-customs', '財政部關務署', 'Customs Administration'],
  ['mof', 'mof-tax', '財政部賦稅署', 'Taxation Administration'],
  ['moj', 'moj-mjib', '法務部調查局', 'Investigation Bureau'],
  ['moea', 'moea-wra', '經濟部水利署', 'Water Resources Agency'],
  ['moea', 'moea-ea', '經濟部能源署', 'Energy Administration'],
  ['moea', 'moea-ida', '經濟部產業發展署', 'Industrial Development Administration'],
  ['moea', 'moea-tipo', '經濟部智慧財產局', 'Taiwan Intellectual Property Office'],
  ['motc', 'motc-cwa', '交通部中央氣象署', 'Central Weather Administration'],
  ['motc', 'motc-thb', '交通部公路局', 'Highway Bureau'],
  ['motc', 'motc-rb', '交通部鐵道局', 'Railway Bureau'],
  ['motc', 'motc-caa', '交通部民用航空局', 'Civil Aeronautics Administration'],
  ['motc', 'motc-ta', '交通部觀光署', 'Tourism Administration'],
  ['mol', 'mol-bli', '勞動部勞工保險局', 'Bureau of Labor Insurance'],
  ['moa', 'moa-fanca', '農業部林業及自然保育署', 'Forestry and Nature Conservation Agency'],
  ['mohw', 'mohw-cdc', '衛生福利部疾病管制署', 'Taiwan Centers for Disease Control'],
  ['mohw', 'mohw-fda', '衛生福利部食品藥物管理署', 'Taiwan Food and Drug Administration'],
  ['mohw', 'mohw-nhia', '衛生福利部中央健康保險署', 'National Health Insurance Administration'],
  ['moenv', 'moenv-cca', '環境部氣候變遷署', 'Climate Change Administration'],
  ['moenv', 'moenv-rca', '環境部資源循環署', 'Resource Circulation Administration'],
  ['moenv', 'moenv-ema', '環境部環境管理署', 'Environmental Management Administration'],
  ['moenv', 'moenv-cha', '環境部化學物質管理署', 'Chemicals Administration'],
  ['moc', 'moc-boch', '文化部文化資產局', 'Bureau of Cultural Heritage'],
  ['moda', 'moda-adi', '數位發展部數位產業署', 'Administration for Digital Industries'],
  ['moda', 'moda-acs', '數位發展部資通安全署', 'Administration for Cyber Security'],
  ['ndc', 'ndc-naa', '國家發展委員會檔案管理局', 'National Archives Administration'],

  ['exam-yuan', 'moex', '考選部', 'Ministry of Examination'],
  ['exam-yuan', 'mocs', '銓敘部', 'Ministry of Civil Service'],
  ['cy', 'nao', '審計部', 'National Audit Office'],
];

const localRows: Row[] = [
  // Special municipalities (直轄市)
  [null, 'taipei', '臺北市政府', 'Taipei City Government'],
  [null, 'new-taipei', '新北市政府', 'New Taipei City Government'],
  [null, 'taoyuan', '桃園市政府', 'Taoyuan City Government'],
  [null, 'taichung', '臺中市政府', 'Taichung City Government'],
  [null, 'tainan', '臺南市政府', 'Tainan City Government'],
  [null, 'kaohsiung', '高雄市政府', 'Kaohsiung City Government'],
  // Provincial cities (市)
  [null, 'keelung', '基隆市政府', 'Keelung City Government'],
  [null, 'hsinchu-city', '新竹市政府', 'Hsinchu City Government'],
  [null, 'chiayi-city', '嘉義市政府', 'Chiayi City Government'],
  // Counties (縣)
  [null, 'hsinchu-county', '新竹縣政府', 'Hsinchu County Government'],
  [null, 'miaoli', '苗栗縣政府', 'Miaoli County Government'],
  [null, 'changhua', '彰化縣政府', 'Changhua County Government'],
  [null, 'nantou', '南投縣政府', 'Nantou County Government'],
  [null, 'yunlin', '雲林縣政府', 'Yunlin County Government'],
  [null, 'chiayi-county', '嘉義縣政府', 'Chiayi County Government'],
  [null, 'pingtung', '屏東縣政府', 'Pingtung County Government'],
  [null, 'yilan', '宜蘭縣政府', 'Yilan County Government'],
  [null, 'hualien', '花蓮縣政府', 'Hualien County Government'],
  [null, 'taitung', '臺東縣政府', 'Taitung County Government'],
  [null, 'penghu', '澎湖縣政府', 'Penghu County Government'],
  [null, 'kinmen', '金門縣政府', 'Kinmen County Government'],
  [null, 'lienchiang', '連江縣政府', 'Lienchiang County Government'],

  // Bureaus of the Taipei City Government
  ['taipei', 'taipei-dot', '臺北市政府交通局', 'Department of Transportation, Taipei City Government'],
  ['taipei', 'taipei-doit', '臺北市政府資訊局', 'Department of Information Technology, Taipei City Government'],
  ['taipei', 'taipei-dep', '臺北市政府環境保護局', 'Department of Environmental Protection, Taipei City Government'],
  ['taipei', 'taipei-doh', '臺北市政府衛生局', 'Department of Health, Taipei City Government'],
  ['taipei', 'taipei-doe', '臺北市政府教育局', 'Department of Education, Taipei City Government'],
  ['taipei', 'taipei-dud', '臺北市政府都市發展局', 'Department of Urban Development, Taipei City Government'],
  ['taipei', 'taipei-rdec', '臺北市政府研究發展考核委員會', 'Research, Development and Evaluation Commission, Taipei City Government'],
];

function toSeeds(rows: Row[], kind: AgencySeed['kind'], known: Map<string, AgencySeed>): AgencySeed[] {
  return rows.map(([parentCode, code, nameZh, nameEn]) => {
    const parent = parentCode === null ? null : known.get(parentCode);
    if (parent === undefined) throw new Error(`Agency seed ${code}: parent ${parentCode} must come first`);
    const seed: AgencySeed = { code, nameZh, nameEn, parentCode, kind, level: parent ? parent.level + 1 : 1 };
    known.set(code, seed);
    return seed;
  });
}

function buildSeeds(): AgencySeed[] {
  const known = new Map<string, AgencySeed>();
  return [...toSeeds(centralRows, 'central', known), ...toSeeds(localRows, 'local', known)];
}

export const agencySeeds: AgencySeed[] = buildSeeds();
