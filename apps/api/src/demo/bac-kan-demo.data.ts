/**
 * Demo data: the resolution of the 7th Congress of the Bắc Kạn City Party Organisation, term
 * 2020–2025 (Nghị quyết Đại hội đại biểu Đảng bộ thành phố Bắc Kạn lần thứ VII), with its targets,
 * action programmes, thematic resolutions, tasks, yearly reports for 2021–2022, the mid-term review
 * and the provincial Standing Committee's visit.
 *
 * Sources: the five articles in shared/seeds/ (cited below as [000] … [004] after their file names):
 *   [000] "Thành phố Bắc Kạn: Tích cực đưa Nghị quyết của Đảng vào cuộc sống": the term targets.
 *   [001] "Thực hiện chương trình trọng tâm Đại hội Đảng bộ thành phố Bắc Kạn": the 04 action
 *         programmes, thematic resolutions 04/06/07/08 and the mid-term result "18/30 chỉ tiêu".
 *   [002] "Đảng bộ thành phố Bắc Kạn triển khai thực hiện hiệu quả công tác năm 2020": 2020 figures
 *         (used as baselines).
 *   [003] Hội nghị BCH lần thứ 7, nhiệm kỳ 2015–2020: older figures, used only as context.
 *   [004] "Ban Thường vụ Tỉnh ủy thăm nắm tình hình thực hiện các chỉ tiêu nhiệm kỳ 2020-2025": the
 *         supervision visit, its findings and conclusions.
 *
 * What is NOT from the articles is marked with `illustrative`:
 *   - `illustrative: true`: the whole record is invented for the demo;
 *   - `illustrative: ['field', …]`: only those fields are invented.
 * The articles give no yearly figures for 2021 or 2022, so every progress report and measurement
 * below is illustrative. They were chosen so that the mid-term review (covering 2021–2022)
 * reproduces the published result: 18 of 30 targets achieved or exceeded ([001]).
 *
 * Decimal values are strings ("1.2", "3700"): Vietnamese "3.700" is 3700 and "1,2" is 1.2.
 */

export type Illustrative = true | readonly string[];
import type { Role } from '../../../../libs/workflows/shared/actor';
import type { TargetDefinition } from '../../../../libs/workflows/resolution/resolution.events';
import type { Assessment, Comparison, TargetKind } from '../../../../libs/assessment/assessment';

export type { Assessment, Comparison, Role, TargetKind };

export interface DemoActor {
  sub: string;
  role: Role;
  unitId?: string;
}

/** A target as the domain defines it (TargetDefinition), without the id the server gives it. */
export interface DemoTarget extends Omit<TargetDefinition, 'targetId'> {
  /** The articles' own words, when the target comes from them. */
  quote?: string;
  /** The wording of the first draft, when a review opinion led to a clearer one. */
  draftName?: string;
  illustrative?: Illustrative;
  /** The article its quote comes from, when not [000] (every quote today is from [000]). */
  quoteFrom?: SeedArticle;
}

/** The seed articles (shared/seeds/), by the number they are cited with. */
export const SEED_ARTICLES = {
  '000': {
    file: '000_c117ae27e64cf347.txt',
    title: 'Thành phố Bắc Kạn: Tích cực đưa Nghị quyết của Đảng vào cuộc sống',
  },
  '001': {
    file: '001_5aab4af257b96c1e.txt',
    title: 'Thực hiện chương trình trọng tâm Đại hội Đảng bộ thành phố Bắc Kạn',
  },
  '002': {
    file: '002_9465cdeae57a3186.txt',
    title: 'Đảng bộ thành phố Bắc Kạn triển khai thực hiện hiệu quả công tác năm 2020',
  },
  '003': {
    file: '003_abaefb3d2f11d17b.txt',
    title: 'Hội nghị Ban chấp hành Đảng bộ thành phố Bắc Kạn lần thứ 7 nhiệm kỳ 2015 – 2020',
  },
  '004': {
    file: '004_fa35d75f9b2872f8.txt',
    title:
      'Ban Thường vụ Tỉnh ủy thăm nắm tình hình thực hiện các chỉ tiêu nhiệm kỳ 2020 -2025 tại thành phố Bắc Kạn',
  },
} as const;
export type SeedArticle = keyof typeof SEED_ARTICLES;

/** What DOMAIN.md calls an illustrative figure's source. */
export const ILLUSTRATIVE_SOURCE = 'minh họa';

/**
 * Target.source for a demo target: the article its figure is quoted from, or `minh họa` when the
 * figure (its target value or wording) is invented for the demo. An illustrative baseline beside a
 * quoted figure is said so.
 */
export function targetSource(t: DemoTarget): string {
  if (t.illustrative === true || !t.quote) return ILLUSTRATIVE_SOURCE;
  const fields: readonly string[] = t.illustrative ?? [];
  if (fields.includes('targetValue') || fields.includes('name')) return ILLUSTRATIVE_SOURCE;
  const article = SEED_ARTICLES[t.quoteFrom ?? '000'];
  const baseline = fields.includes('baseline') ? `; giá trị cơ sở: ${ILLUSTRATIVE_SOURCE}` : '';
  return `[${t.quoteFrom ?? '000'}] "${article.title}": "${t.quote}"${baseline}`;
}

export interface DemoOpinion {
  key: string;
  givenBy: string;
  opinion: string;
  handling: 'ACCEPTED' | 'EXPLAINED';
  response: string;
  /** An accepted opinion that led to redefining this target (same code, same id, new wording). */
  revisesTarget?: string;
  /** Recorded without its handling, handled later (recordOpinionHandling), before the issue. */
  handledLater?: boolean;
  illustrative: Illustrative;
}

export interface DemoResolution {
  key: string;
  kind: 'CONGRESS' | 'THEMATIC' | 'ACTION_PROGRAMME';
  title: string;
  summary: string;
  termStart: number;
  termEnd: number;
  code: string;
  issuedOn: string;
  signedBy: string;
  illustrative?: Illustrative;
}

export interface DemoReport {
  year: number;
  percentComplete: number;
  narrative: string;
  difficulties?: string;
  proposals?: string;
  /** Values by target code for the report's year. */
  values?: Record<string, string>;
  illustrative: Illustrative;
}

export interface DemoTask {
  key: string;
  /** 'congress' or the key of a child resolution. */
  resolution: string;
  title: string;
  unitId: string;
  memberId?: string;
  targetCodes: string[];
  dueOn: string;
  reports: DemoReport[];
  complete?: boolean;
  illustrative?: Illustrative;
}

// ─── Who acts ───────────────────────────────────────────────────────────────────────────────────

/** Agencies, wards and communes that receive tasks (unitId → name). */
export const UNITS: Record<string, string> = {
  'ubnd-thanh-pho': 'UBND thành phố Bắc Kạn',
  'phong-kinh-te': 'Phòng Kinh tế thành phố',
  'phong-lao-dong-tbxh': 'Phòng Lao động – Thương binh và Xã hội thành phố',
  'phong-giao-duc-dao-tao': 'Phòng Giáo dục và Đào tạo thành phố',
  'phong-van-hoa-thong-tin': 'Phòng Văn hóa và Thông tin thành phố',
  'phong-tai-nguyen-moi-truong': 'Phòng Tài nguyên và Môi trường thành phố',
  'phong-noi-vu': 'Phòng Nội vụ thành phố',
  'ban-chi-huy-quan-su-thanh-pho': 'Ban Chỉ huy Quân sự thành phố',
  'cong-an-thanh-pho': 'Công an thành phố',
  'ban-to-chuc-thanh-uy': 'Ban Tổ chức Thành ủy',
  'xa-duong-quang': 'Đảng ủy, UBND xã Dương Quang',
  'xa-nong-thuong': 'Đảng ủy, UBND xã Nông Thượng',
  'phuong-duc-xuan': 'Đảng ủy, UBND phường Đức Xuân',
  'phuong-phung-chi-kien': 'Đảng ủy, UBND phường Phùng Chí Kiên',
  'phuong-nguyen-thi-minh-khai': 'Đảng ủy, UBND phường Nguyễn Thị Minh Khai',
};

export const ACTORS = {
  /** Văn phòng Thành ủy: drafts, defines targets, submits, records opinions, assigns tasks. */
  secretariat: { sub: 'van-phong-thanh-uy', role: 'SECRETARIAT' },
  /** Ban Thường vụ Thành ủy: issues, holds the mid-term review, overrides, concludes. */
  standing: { sub: 'ban-thuong-vu-thanh-uy', role: 'STANDING_COMMITTEE' },
  /** Ban Thường vụ Tỉnh ủy Bắc Kạn: the superior body that visited ([004]). */
  provincialStanding: { sub: 'ban-thuong-vu-tinh-uy', role: 'STANDING_COMMITTEE' },
} satisfies Record<string, DemoActor>;

/** The reporter of a unit: accepts and reports on that unit's tasks only. */
export function reporterOf(unitId: string): DemoActor {
  return { sub: `bao-cao-vien-${unitId}`, role: 'UNIT_REPORTER', unitId };
}

// ─── The congress resolution ────────────────────────────────────────────────────────────────────

export const congressResolution: DemoResolution = {
  key: 'congress',
  kind: 'CONGRESS',
  title: 'Nghị quyết Đại hội đại biểu Đảng bộ thành phố Bắc Kạn lần thứ VII, nhiệm kỳ 2020 - 2025',
  summary:
    'Tập trung nâng cao năng lực lãnh đạo, sức chiến đấu của toàn Đảng bộ; phát huy dân chủ và ' +
    'sức mạnh đại đoàn kết các dân tộc; huy động, sử dụng có hiệu quả mọi nguồn lực; xây dựng ' +
    'thành phố Bắc Kạn cơ bản đạt các tiêu chí đô thị loại II.', // [000]
  termStart: 2020,
  termEnd: 2025,
  code: '01-NQ/ĐH', // illustrative: the articles do not give the resolution's number
  issuedOn: '2020-07-17', // illustrative: the articles do not give the congress date
  signedBy: 'T/M Đoàn Chủ tịch Đại hội',
  illustrative: ['code', 'issuedOn'],
};

export const TARGET_GROUPS = {
  economy: 'Kinh tế',
  society: 'Văn hóa – xã hội',
  environment: 'Môi trường',
  defenceSecurity: 'Quốc phòng – an ninh',
  partyBuilding: 'Xây dựng Đảng và hệ thống chính trị',
} as const;

const G = TARGET_GROUPS;
const TERM = { baselineYear: 2020, dueYear: 2025 } as const;

/**
 * The 30 targets. The ten the articles state are marked with their quote; for those, only the
 * baseline may be illustrative. The other twenty are illustrative: the articles say there are 30
 * targets in 05 groups ([001], [002]) but list only these ten.
 */
export const targets: DemoTarget[] = [
  // Kinh tế
  {
    code: 'KT-01',
    group: G.economy,
    name: 'Tốc độ thu ngân sách tăng bình quân 8%/năm trở lên',
    unit: '%/năm',
    kind: 'AVERAGE_RATE',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '8',
    quote: 'Tốc độ thu ngân sách tăng bình quân 8%/năm trở lên',
  },
  {
    code: 'KT-02',
    group: G.economy,
    name: 'Thu ngân sách trên địa bàn đạt 200 tỷ đồng',
    unit: 'tỷ đồng',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '150', // illustrative
    ...TERM,
    targetValue: '200',
    quote: 'thu ngân sách đạt 200 tỷ đồng',
    illustrative: ['baseline'],
  },
  {
    code: 'KT-03',
    group: G.economy,
    name: 'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ đạt 3.700 tỷ đồng',
    unit: 'tỷ đồng',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '3050', // [002]: "đạt 3.050 tỷ" in 2020
    ...TERM,
    targetValue: '3700',
    quote: 'tổng mức bán lẻ hàng hóa và doanh thu dịch vụ đạt 3.700 tỷ đồng',
  },
  {
    code: 'KT-04',
    group: G.economy,
    name: 'Giá trị sản xuất công nghiệp – tiểu thủ công nghiệp tăng bình quân 8%/năm trở lên',
    unit: '%/năm',
    kind: 'AVERAGE_RATE',
    comparison: 'AT_LEAST',
    baseline: null, // [002] gives the 2020 level, 460 tỷ, not a rate
    ...TERM,
    targetValue: '8',
    illustrative: true,
  },
  {
    code: 'KT-05',
    group: G.economy,
    name: 'Thu nhập bình quân đầu người đạt 70 triệu đồng/năm',
    unit: 'triệu đồng',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '50', // [002]: "thu nhập bình quân trên người đạt trên 50 triệu đồng" in 2020
    ...TERM,
    targetValue: '70',
    illustrative: ['name', 'targetValue'],
  },
  {
    code: 'KT-06',
    group: G.economy,
    name: 'Có trên 250 ha diện tích đất canh tác nông nghiệp đạt thu nhập từ 100 triệu đồng/ha/năm trở lên',
    draftName: 'Diện tích đất canh tác đạt thu nhập cao: 250 ha',
    unit: 'ha',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '200', // illustrative
    ...TERM,
    targetValue: '250',
    quote:
      'có trên 250 ha diện tích đất canh tác nông nghiệp đạt thu nhập từ 100 triệu đồng/ha/năm trở lên',
    illustrative: ['baseline', 'draftName'],
  },
  {
    code: 'KT-07',
    group: G.economy,
    name: 'Trung bình mỗi năm có thêm 02 sản phẩm OCOP mới đạt từ 3 sao trở lên (10 sản phẩm trong nhiệm kỳ)',
    unit: 'sản phẩm',
    kind: 'CUMULATIVE',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '10',
    quote: 'trung bình mỗi năm có thêm 02 sản phẩm OCOP mới đạt từ 3 sao trở lên',
  },
  {
    code: 'KT-08',
    group: G.economy,
    name: 'Tổng sản lượng lương thực có hạt hằng năm ổn định từ 4.300 tấn trở lên',
    unit: 'tấn',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: '4368', // [002]: "tổng sản lượng lương thực có hạt đạt 4.368 tấn" in 2020
    ...TERM,
    targetValue: '4300',
    illustrative: ['name', 'targetValue'],
  },
  {
    code: 'KT-09',
    group: G.economy,
    name: 'Xây dựng 02 xã đạt chuẩn nông thôn mới nâng cao',
    unit: 'xã',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '0', // [000]: in 2020 the province's two advanced-standard communes were outside the city
    ...TERM,
    targetValue: '2',
    quote: 'xây dựng 02 xã đạt chuẩn nông thôn mới (NTM) nâng cao',
  },
  {
    code: 'KT-10',
    group: G.economy,
    name: '100% thôn đạt chuẩn nông thôn mới',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '85.7', // illustrative
    ...TERM,
    targetValue: '100',
    quote: '100% thôn đạt chuẩn NTM',
    illustrative: ['baseline'],
  },
  // Văn hóa – xã hội
  {
    code: 'XH-01',
    group: G.society,
    name: 'Tỷ lệ hộ nghèo theo chuẩn đa chiều giảm xuống còn 1,2%',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_MOST',
    baseline: '1.68', // [002]: "tỷ lệ hộ nghèo giảm còn 1,68%" in 2020
    ...TERM,
    targetValue: '1.2',
    quote: 'tỷ lệ hộ nghèo theo chuẩn đa chiều giảm xuống còn 1,2%',
  },
  {
    code: 'XH-02',
    group: G.society,
    name: 'Hằng năm 100% học sinh hoàn thành chương trình tiểu học, tốt nghiệp THCS',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: '100', // [002]: 2020
    ...TERM,
    targetValue: '100',
    illustrative: ['targetValue'],
  },
  {
    code: 'XH-03',
    group: G.society,
    name: 'Hằng năm có từ 90% hộ gia đình đạt danh hiệu "Gia đình văn hóa" trở lên',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: '94.2', // [002]: 94,2% in 2020
    ...TERM,
    targetValue: '90',
    illustrative: ['targetValue'],
  },
  {
    code: 'XH-04',
    group: G.society,
    name: 'Hằng năm có từ 90% cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn hóa trở lên',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: '92.1', // [002]: 92,1% in 2020
    ...TERM,
    targetValue: '90',
    illustrative: ['targetValue'],
  },
  {
    code: 'XH-05',
    group: G.society,
    name: 'Tỷ lệ thôn, tổ dân phố đạt tiêu chuẩn "Khu dân cư văn hóa" đạt 90%',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '83.7', // [002]: 83,7% in 2020
    ...TERM,
    targetValue: '90',
    illustrative: ['targetValue'],
  },
  {
    code: 'XH-06',
    group: G.society,
    name: 'Tỷ lệ trường học đạt chuẩn quốc gia đạt 85%',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '70',
    ...TERM,
    targetValue: '85',
    illustrative: true,
  },
  {
    code: 'XH-07',
    group: G.society,
    name: 'Tỷ lệ dân số tham gia bảo hiểm y tế đạt 98%',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '96.5',
    ...TERM,
    targetValue: '98',
    illustrative: true,
  },
  {
    code: 'XH-08',
    group: G.society,
    name: 'Hằng năm giải quyết việc làm mới cho từ 400 lao động trở lên',
    unit: 'lao động',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: null, // [003] reports 379 jobs in 2016, an older term
    ...TERM,
    targetValue: '400',
    illustrative: true,
  },
  // Môi trường
  {
    code: 'MT-01',
    group: G.environment,
    name: 'Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt 98%',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '95',
    ...TERM,
    targetValue: '98',
    illustrative: true,
  },
  {
    code: 'MT-02',
    group: G.environment,
    name: 'Tỷ lệ dân cư đô thị được sử dụng nước sạch đạt 100%',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '98',
    ...TERM,
    targetValue: '100',
    illustrative: true,
  },
  {
    code: 'MT-03',
    group: G.environment,
    name: 'Tỷ lệ che phủ rừng hằng năm duy trì từ 69% trở lên',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '69',
    illustrative: true,
  },
  {
    code: 'MT-04',
    group: G.environment,
    name: 'Trồng mới 500 ha rừng trong nhiệm kỳ (bình quân 100 ha/năm)',
    unit: 'ha',
    kind: 'CUMULATIVE',
    comparison: 'AT_LEAST',
    baseline: null, // [003]: the 2017 resolution planned "trồng mới 100 ha rừng" a year
    ...TERM,
    targetValue: '500',
    illustrative: true,
  },
  // Quốc phòng – an ninh
  {
    code: 'QP-01',
    group: G.defenceSecurity,
    name: 'Hằng năm hoàn thành 100% chỉ tiêu tuyển chọn và gọi công dân nhập ngũ',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '100',
    illustrative: true,
  },
  {
    code: 'QP-02',
    group: G.defenceSecurity,
    name: 'Hằng năm có từ 90% thôn, tổ dân phố đạt tiêu chuẩn "An toàn về an ninh, trật tự"',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '90',
    illustrative: true,
  },
  {
    code: 'QP-03',
    group: G.defenceSecurity,
    name: 'Tỷ lệ điều tra, khám phá án hình sự hằng năm đạt từ 80% trở lên',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '80',
    illustrative: true,
  },
  // Xây dựng Đảng và hệ thống chính trị
  {
    code: 'XD-01',
    group: G.partyBuilding,
    name: 'Kết nạp 450 đảng viên trong nhiệm kỳ',
    unit: 'đảng viên',
    kind: 'CUMULATIVE',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '450',
    quote: 'kết nạp 450 đảng viên',
  },
  {
    code: 'XD-02',
    group: G.partyBuilding,
    name: 'Hằng năm có từ 80% tổ chức đảng hoàn thành tốt nhiệm vụ trở lên',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '80',
    quote: 'hằng năm có từ 80% tổ chức đảng hoàn thành tốt nhiệm vụ trở lên',
  },
  {
    code: 'XD-03',
    group: G.partyBuilding,
    name: 'Hằng năm có từ 90% đảng viên hoàn thành tốt nhiệm vụ trở lên',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '90',
    illustrative: true,
  },
  {
    code: 'XD-04',
    group: G.partyBuilding,
    name: 'Hằng năm giải quyết đúng hạn từ 98% hồ sơ thủ tục hành chính trở lên',
    unit: '%',
    kind: 'EVERY_YEAR',
    comparison: 'AT_LEAST',
    baseline: null,
    ...TERM,
    targetValue: '98',
    illustrative: true,
  },
  {
    code: 'XD-05',
    group: G.partyBuilding,
    name: '100% văn bản giữa các cơ quan hành chính nhà nước được trao đổi dưới dạng điện tử',
    unit: '%',
    kind: 'LEVEL',
    comparison: 'AT_LEAST',
    baseline: '90',
    ...TERM,
    targetValue: '100',
    illustrative: true,
  },
];

/**
 * Opinions (góp ý) on the draft and how each was handled (tiếp thu / giải trình). The articles do
 * not report the drafting, so all of these are illustrative.
 */
export const reviewOpinions: DemoOpinion[] = [
  {
    key: 'opinion-ubnd-ngan-sach',
    handledLater: true,
    givenBy: 'UBND thành phố Bắc Kạn',
    opinion:
      'Chỉ tiêu thu ngân sách 200 tỷ đồng là cao so với khả năng thu; đề nghị cân nhắc giảm xuống.',
    handling: 'EXPLAINED',
    response:
      'Giữ chỉ tiêu 200 tỷ đồng và bổ sung giải pháp tăng thu từ đấu giá quyền sử dụng đất, ' +
      'thu hút đầu tư; chỉ tiêu tốc độ tăng thu bình quân 8%/năm giữ nguyên.',
    illustrative: true,
  },
  {
    key: 'opinion-hoi-nong-dan',
    givenBy: 'Hội Nông dân thành phố',
    opinion:
      'Đề nghị nêu rõ cách tính chỉ tiêu diện tích đất canh tác đạt thu nhập cao (ngưỡng thu nhập ' +
      'mỗi ha mỗi năm).',
    handling: 'ACCEPTED',
    response:
      'Tiếp thu: chỉ tiêu được viết lại là "có trên 250 ha diện tích đất canh tác nông nghiệp đạt ' +
      'thu nhập từ 100 triệu đồng/ha/năm trở lên".',
    revisesTarget: 'KT-06',
    illustrative: true,
  },
  {
    key: 'opinion-dang-uy-duong-quang',
    givenBy: 'Đảng ủy xã Dương Quang',
    opinion:
      'Đề nghị giảm chỉ tiêu xây dựng xã đạt chuẩn nông thôn mới nâng cao từ 02 xã xuống 01 xã.',
    handling: 'EXPLAINED',
    response:
      'Giữ 02 xã (Dương Quang, Nông Thượng): cả hai xã đã đạt chuẩn nông thôn mới, thành phố ưu ' +
      'tiên nguồn lực để đạt chuẩn nâng cao trong nhiệm kỳ.',
    illustrative: true,
  },
  {
    key: 'opinion-ban-to-chuc',
    givenBy: 'Ban Tổ chức Thành ủy',
    opinion:
      'Đề nghị bổ sung chỉ tiêu đánh giá, xếp loại tổ chức đảng hằng năm để theo dõi chất lượng ' +
      'tổ chức cơ sở đảng.',
    handling: 'ACCEPTED',
    response:
      'Tiếp thu: đã có chỉ tiêu "hằng năm có từ 80% tổ chức đảng hoàn thành tốt nhiệm vụ trở lên".',
    illustrative: true,
  },
];

// ─── Children: the 04 action programmes and the thematic resolutions 04/06/07/08 ([001]) ───────

/**
 * [001]: "Ban Chấp hành Đảng bộ thành phố đã ban hành 04 Chương trình hành động" and concretised
 * "04 chương trình trọng tâm" with thematic resolutions 04, 06, 07 and 08. The programmes' titles
 * and numbers are not given: each is named after the thematic area it covers (illustrative).
 */
export const actionProgrammes: DemoResolution[] = [
  {
    key: 'ctr-cai-cach-hanh-chinh',
    kind: 'ACTION_PROGRAMME',
    title:
      'Chương trình hành động thực hiện chương trình trọng tâm về đẩy mạnh cải cách hành chính, ' +
      'nhiệm kỳ 2020 - 2025',
    summary: 'Cải cách hành chính gắn với chuyển đổi số.',
    termStart: 2020,
    termEnd: 2025,
    code: '01-CTr/TU',
    issuedOn: '2020-09-15',
    signedBy: 'T/M Thành ủy',
    illustrative: ['title', 'code', 'issuedOn'],
  },
  {
    key: 'ctr-xay-dung-dang',
    kind: 'ACTION_PROGRAMME',
    title:
      'Chương trình hành động thực hiện chương trình trọng tâm về nâng cao năng lực lãnh đạo, sức ' +
      'chiến đấu của tổ chức Đảng và chất lượng đội ngũ cán bộ, đảng viên, nhiệm kỳ 2020 - 2025',
    summary: 'Xây dựng Đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể.',
    termStart: 2020,
    termEnd: 2025,
    code: '02-CTr/TU',
    issuedOn: '2020-09-15',
    signedBy: 'T/M Thành ủy',
    illustrative: ['title', 'code', 'issuedOn'],
  },
  {
    key: 'ctr-van-minh-do-thi',
    kind: 'ACTION_PROGRAMME',
    title:
      'Chương trình hành động thực hiện chương trình trọng tâm về xây dựng nếp sống văn hóa, văn ' +
      'minh đô thị, nhiệm kỳ 2020 - 2025',
    summary: 'Nếp sống văn hóa, văn minh đô thị trên địa bàn thành phố.',
    termStart: 2020,
    termEnd: 2025,
    code: '03-CTr/TU',
    issuedOn: '2020-09-15',
    signedBy: 'T/M Thành ủy',
    illustrative: ['title', 'code', 'issuedOn'],
  },
  {
    key: 'ctr-do-thi-loai-ii',
    kind: 'ACTION_PROGRAMME',
    title:
      'Chương trình hành động thực hiện chương trình trọng tâm về huy động nguồn lực, xây dựng kết ' +
      'cấu hạ tầng, phát triển thành phố Bắc Kạn cơ bản đạt tiêu chí đô thị loại II, nhiệm kỳ ' +
      '2020 - 2025',
    summary: 'Huy động nguồn lực, thu hút đầu tư, chỉnh trang đô thị.',
    termStart: 2020,
    termEnd: 2025,
    code: '04-CTr/TU',
    issuedOn: '2020-09-15',
    signedBy: 'T/M Thành ủy',
    illustrative: ['title', 'code', 'issuedOn'],
  },
];

/** [001]: titles and numbers as the article gives them; the issue dates are illustrative. */
export const thematicResolutions: DemoResolution[] = [
  {
    key: 'nq-04',
    kind: 'THEMATIC',
    title: 'Nghị quyết số 04 về tiếp tục đẩy mạnh cải cách hành chính giai đoạn 2021-2025',
    summary: 'Cải cách hành chính gắn với chuyển đổi số.',
    termStart: 2021,
    termEnd: 2025,
    code: '04-NQ/TU',
    issuedOn: '2021-03-10',
    signedBy: 'T/M Thành ủy',
    illustrative: ['issuedOn'],
  },
  {
    key: 'nq-06',
    kind: 'THEMATIC',
    title:
      'Nghị quyết số 06 về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức Đảng; chất lượng ' +
      'đội ngũ cán bộ, đảng viên; năng lực điều hành của bộ máy chính quyền các cấp và hoạt động ' +
      'của MTTQ, các đoàn thể giai đoạn 2021-2025',
    summary: 'Xây dựng Đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể.',
    termStart: 2021,
    termEnd: 2025,
    code: '06-NQ/TU',
    issuedOn: '2021-04-20',
    signedBy: 'T/M Thành ủy',
    illustrative: ['issuedOn'],
  },
  {
    key: 'nq-07',
    kind: 'THEMATIC',
    title:
      'Nghị quyết số 07 về xây dựng nếp sống văn hóa, văn minh đô thị trên địa bàn thành phố giai ' +
      'đoạn 2021-2025',
    summary: 'Nếp sống văn hóa, văn minh đô thị.',
    termStart: 2021,
    termEnd: 2025,
    code: '07-NQ/TU',
    issuedOn: '2021-05-25',
    signedBy: 'T/M Thành ủy',
    illustrative: ['issuedOn'],
  },
  {
    key: 'nq-08',
    kind: 'THEMATIC',
    title:
      'Nghị quyết số 08 về huy động các nguồn lực, thu hút đầu tư xây dựng kết cấu hạ tầng, chỉnh ' +
      'trang đô thị, phát triển thành phố Bắc Kạn cơ bản đạt các tiêu chí của đô thị loại II vào ' +
      'năm 2025',
    summary: 'Kết cấu hạ tầng, chỉnh trang đô thị, tiêu chí đô thị loại II.',
    termStart: 2021,
    termEnd: 2025,
    code: '08-NQ/TU',
    issuedOn: '2021-06-30',
    signedBy: 'T/M Thành ủy',
    illustrative: ['issuedOn'],
  },
];

// ─── Tasks and their yearly reports ─────────────────────────────────────────────────────────────

/**
 * Each target is reported by exactly one task, except KT-07 (OCOP products, CUMULATIVE), which the
 * two communes report separately and the review sums. The assignments are illustrative; the wards'
 * projects and the difficulties come from [001] and [004]. All 2021–2022 values are illustrative.
 */
export const tasks: DemoTask[] = [
  {
    key: 'ubnd-kinh-te',
    resolution: 'congress',
    title:
      'Chỉ đạo thực hiện các chỉ tiêu thu ngân sách, thương mại – dịch vụ, công nghiệp – tiểu thủ ' +
      'công nghiệp, thu nhập và bảo hiểm y tế',
    unitId: 'ubnd-thanh-pho',
    targetCodes: ['KT-01', 'KT-02', 'KT-03', 'KT-04', 'KT-05', 'XH-07'],
    dueOn: '2025-12-31',
    illustrative: ['targetCodes'],
    reports: [
      {
        year: 2021,
        percentComplete: 35,
        narrative:
          'Thương mại, dịch vụ phục hồi sau dịch Covid-19; sản xuất công nghiệp – tiểu thủ công ' +
          'nghiệp duy trì tăng trưởng.',
        difficulties: 'Dịch Covid-19 ảnh hưởng đến sản xuất kinh doanh và nguồn thu ngân sách.',
        values: {
          'KT-01': '5.2',
          'KT-02': '157.8',
          'KT-03': '3180',
          'KT-04': '8.6',
          'KT-05': '54',
          'XH-07': '97.6',
        },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 50,
        narrative:
          'Các hoạt động thu hút đầu tư tiếp tục được chú trọng; thương mại, dịch vụ có bước phát ' +
          'triển.',
        difficulties:
          'Các giải pháp để tăng thu ngân sách chưa đạt hiệu quả; việc huy động các nguồn lực và ' +
          'đầu tư xây dựng kết cấu hạ tầng còn khó khăn.', // [004]
        proposals:
          'Đề nghị tỉnh quan tâm tháo gỡ vướng mắc về thu ngân sách, đấu giá quyền sử dụng đất.', // [004]
        values: {
          'KT-01': '6.8',
          'KT-02': '168.5',
          'KT-03': '3420',
          'KT-04': '9.4',
          'KT-05': '58',
          'XH-07': '98.3',
        },
        illustrative: true,
      },
    ],
  },
  {
    key: 'phong-kinh-te',
    resolution: 'congress',
    title:
      'Phát triển nông nghiệp hàng hóa, ứng dụng công nghệ cao; xây dựng nông thôn mới nâng cao; ' +
      'trồng và bảo vệ rừng',
    unitId: 'phong-kinh-te',
    targetCodes: ['KT-06', 'KT-08', 'KT-09', 'KT-10', 'MT-03', 'MT-04'],
    dueOn: '2025-12-31',
    illustrative: ['targetCodes'],
    reports: [
      {
        year: 2021,
        percentComplete: 30,
        narrative:
          'Hướng dẫn người dân ứng dụng công nghệ cao, nông nghiệp hữu cơ, sản xuất theo chuỗi giá ' +
          'trị, có truy xuất nguồn gốc.', // [000]
        values: {
          'KT-06': '231',
          'KT-08': '4405',
          'KT-09': '0',
          'KT-10': '92.9',
          'MT-03': '69.2',
          'MT-04': '120',
        },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 50,
        narrative:
          '100% thôn đạt chuẩn nông thôn mới; xã Dương Quang và xã Nông Thượng đang hoàn thiện các ' +
          'tiêu chí nông thôn mới nâng cao.',
        difficulties:
          'Chưa có xã được công nhận đạt chuẩn nông thôn mới nâng cao; nguồn lực đầu tư còn hạn chế.',
        values: {
          'KT-06': '262',
          'KT-08': '4390',
          'KT-09': '0',
          'KT-10': '100',
          'MT-03': '69.3',
          'MT-04': '115',
        },
        illustrative: true,
      },
    ],
  },
  {
    key: 'ocop-duong-quang',
    resolution: 'congress',
    title: 'Phát triển sản phẩm OCOP từ 3 sao trở lên trên địa bàn xã Dương Quang',
    unitId: 'xa-duong-quang',
    targetCodes: ['KT-07'],
    dueOn: '2025-12-31',
    illustrative: true,
    reports: [
      {
        year: 2021,
        percentComplete: 20,
        narrative: 'Có thêm 01 sản phẩm OCOP đạt 3 sao.',
        values: { 'KT-07': '1' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 30,
        narrative: 'Có thêm 02 sản phẩm OCOP đạt 3 sao.',
        values: { 'KT-07': '2' },
        illustrative: true,
      },
    ],
  },
  {
    key: 'ocop-nong-thuong',
    resolution: 'congress',
    title: 'Phát triển sản phẩm OCOP từ 3 sao trở lên trên địa bàn xã Nông Thượng',
    unitId: 'xa-nong-thuong',
    targetCodes: ['KT-07'],
    dueOn: '2025-12-31',
    illustrative: true,
    reports: [
      {
        year: 2021,
        percentComplete: 20,
        narrative: 'Có thêm 01 sản phẩm OCOP đạt 3 sao.',
        values: { 'KT-07': '1' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 30,
        narrative: 'Có thêm 01 sản phẩm OCOP đạt 3 sao.',
        values: { 'KT-07': '1' },
        illustrative: true,
      },
    ],
  },
  {
    key: 'lao-dong-tbxh',
    resolution: 'congress',
    title: 'Giảm nghèo bền vững và giải quyết việc làm',
    unitId: 'phong-lao-dong-tbxh',
    targetCodes: ['XH-01', 'XH-08'],
    dueOn: '2025-12-31',
    illustrative: ['targetCodes'],
    reports: [
      {
        year: 2021,
        percentComplete: 35,
        narrative: 'Thực hiện kịp thời các biện pháp hỗ trợ người dân gặp khó khăn do đại dịch.', // [002]
        values: { 'XH-01': '1.52', 'XH-08': '412' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 50,
        narrative: 'Rà soát hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2022 - 2025.',
        values: { 'XH-01': '1.41', 'XH-08': '436' },
        illustrative: true,
      },
    ],
  },
  {
    key: 'giao-duc',
    resolution: 'congress',
    title: 'Nâng cao chất lượng giáo dục; xây dựng trường đạt chuẩn quốc gia',
    unitId: 'phong-giao-duc-dao-tao',
    targetCodes: ['XH-02', 'XH-06'],
    dueOn: '2025-12-31',
    illustrative: ['targetCodes'],
    reports: [
      {
        year: 2021,
        percentComplete: 30,
        narrative: '100% học sinh hoàn thành chương trình tiểu học, tốt nghiệp THCS.',
        values: { 'XH-02': '100', 'XH-06': '73.3' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 50,
        narrative: 'Duy trì kết quả phổ cập; công nhận thêm trường đạt chuẩn quốc gia.',
        values: { 'XH-02': '100', 'XH-06': '78.6' },
        illustrative: true,
      },
    ],
  },
  {
    key: 'van-hoa',
    resolution: 'congress',
    title: 'Phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa"',
    unitId: 'phong-van-hoa-thong-tin',
    targetCodes: ['XH-03', 'XH-04', 'XH-05'],
    dueOn: '2025-12-31',
    illustrative: ['targetCodes'],
    reports: [
      {
        year: 2021,
        percentComplete: 30,
        narrative: 'Triển khai Nghị quyết số 07 về nếp sống văn hóa, văn minh đô thị.',
        values: { 'XH-03': '93.6', 'XH-04': '92.4', 'XH-05': '84.5' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 45,
        narrative:
          'Nhiệm vụ xây dựng nếp sống văn hóa, văn minh đô thị thu hút được sự quan tâm, đồng thuận ' +
          'của cán bộ, đảng viên và nhân dân.', // [001]
        difficulties: 'Tỷ lệ khu dân cư văn hóa tăng chậm so với lộ trình.',
        values: { 'XH-03': '94.1', 'XH-04': '92.8', 'XH-05': '85.1' },
        illustrative: true,
      },
    ],
  },
  {
    key: 'tai-nguyen-moi-truong',
    resolution: 'congress',
    title: 'Thu gom, xử lý rác thải; cấp nước sạch đô thị',
    unitId: 'phong-tai-nguyen-moi-truong',
    targetCodes: ['MT-01', 'MT-02'],
    dueOn: '2025-12-31',
    illustrative: true,
    reports: [
      {
        year: 2021,
        percentComplete: 40,
        narrative: 'Mở rộng địa bàn thu gom rác thải sinh hoạt.',
        values: { 'MT-01': '96.5', 'MT-02': '99.2' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 60,
        narrative: 'Hoàn thành mở rộng mạng lưới cấp nước sạch đô thị.',
        values: { 'MT-01': '98', 'MT-02': '100' },
        illustrative: true,
      },
    ],
  },
  {
    key: 'quan-su',
    resolution: 'congress',
    title: 'Công tác quốc phòng, quân sự địa phương; tuyển chọn và gọi công dân nhập ngũ',
    unitId: 'ban-chi-huy-quan-su-thanh-pho',
    targetCodes: ['QP-01'],
    dueOn: '2025-12-31',
    illustrative: ['targetCodes'],
    reports: [
      {
        year: 2021,
        percentComplete: 40,
        narrative: 'Công tác quốc phòng quân sự địa phương được củng cố.', // [004]
        values: { 'QP-01': '100' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 60,
        narrative: 'Hoàn thành chỉ tiêu giao quân.',
        values: { 'QP-01': '100' },
        illustrative: true,
      },
    ],
  },
  {
    key: 'cong-an',
    resolution: 'congress',
    title: 'Giữ vững an ninh chính trị, trật tự an toàn xã hội',
    unitId: 'cong-an-thanh-pho',
    targetCodes: ['QP-02', 'QP-03'],
    dueOn: '2025-12-31',
    illustrative: ['targetCodes'],
    reports: [
      {
        year: 2021,
        percentComplete: 40,
        narrative: 'Tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững.', // [002]
        values: { 'QP-02': '91.5', 'QP-03': '86.4' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 55,
        narrative: 'Tình hình an ninh chính trị, trật tự an toàn xã hội ổn định.',
        difficulties:
          'Tình hình trật tự an toàn xã hội còn tiềm ẩn yếu tố phức tạp; tội phạm trộm cắp tài sản, ' +
          'tội phạm sử dụng công nghệ cao, ma túy có chiều hướng tăng.', // [004]
        values: { 'QP-02': '88.6', 'QP-03': '84.2' },
        illustrative: true,
      },
    ],
  },
  {
    key: 'to-chuc',
    resolution: 'congress',
    title: 'Công tác tổ chức xây dựng Đảng; kết nạp đảng viên; đánh giá, xếp loại tổ chức đảng',
    unitId: 'ban-to-chuc-thanh-uy',
    memberId: 'pho-bi-thu-thuong-truc-thanh-uy',
    targetCodes: ['XD-01', 'XD-02', 'XD-03'],
    dueOn: '2025-12-31',
    illustrative: ['targetCodes', 'memberId'],
    reports: [
      {
        year: 2021,
        percentComplete: 35,
        narrative: 'Triển khai Nghị quyết số 06; kết nạp đảng viên mới.',
        values: { 'XD-01': '95', 'XD-02': '85.1', 'XD-03': '91.2' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 50,
        narrative:
          'Công tác xây dựng Đảng được tăng cường; tạo chuyển biến trong nhận thức và hành động ' +
          'của cán bộ, đảng viên.', // [004]
        values: { 'XD-01': '88', 'XD-02': '83.3', 'XD-03': '92.5' },
        illustrative: true,
      },
    ],
  },
  {
    key: 'noi-vu',
    resolution: 'congress',
    title: 'Đẩy mạnh cải cách hành chính gắn với chuyển đổi số',
    unitId: 'phong-noi-vu',
    targetCodes: ['XD-04', 'XD-05'],
    dueOn: '2025-12-31',
    illustrative: ['targetCodes'],
    reports: [
      {
        year: 2021,
        percentComplete: 40,
        narrative: 'Triển khai Nghị quyết số 04 về cải cách hành chính giai đoạn 2021-2025.',
        values: { 'XD-04': '99.1', 'XD-05': '97' },
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 60,
        narrative:
          'Nhiệm vụ cải cách hành chính gắn với chuyển đổi số tiếp tục có những chuyển biến tích ' +
          'cực.', // [001]
        values: { 'XD-04': '99.4', 'XD-05': '100' },
        illustrative: true,
      },
    ],
  },
  // Tasks under the thematic resolutions: the works named in [001], assigned to their wards.
  {
    key: 'duong-to-11b',
    resolution: 'nq-08',
    title:
      'Phối hợp bồi thường, giải phóng mặt bằng công trình đường tổ 11B Đức Xuân đi tổ 11 phường ' +
      'Phùng Chí Kiên',
    unitId: 'phuong-phung-chi-kien',
    targetCodes: [],
    dueOn: '2022-12-31',
    complete: true,
    illustrative: ['dueOn'],
    reports: [
      {
        year: 2021,
        percentComplete: 60,
        narrative: 'Hoàn thành kiểm đếm, phê duyệt phương án bồi thường.',
        difficulties: 'Một số hộ chưa đồng thuận với phương án bồi thường.',
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 100,
        narrative: 'Bàn giao mặt bằng; công trình được xây dựng và hoàn thiện.', // [001]
        illustrative: ['percentComplete'],
      },
    ],
  },
  {
    key: 'cho-nguyen-thi-minh-khai',
    resolution: 'nq-08',
    title: 'Phối hợp giải phóng mặt bằng Khu dân cư Thương mại và Chợ Nguyễn Thị Minh Khai',
    unitId: 'phuong-nguyen-thi-minh-khai',
    targetCodes: [],
    dueOn: '2022-12-31',
    complete: true,
    illustrative: ['dueOn'],
    reports: [
      {
        year: 2021,
        percentComplete: 70,
        narrative: 'Vận động các hộ kinh doanh di chuyển, bàn giao mặt bằng.',
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 100,
        narrative: 'Khu dân cư Thương mại và Chợ Nguyễn Thị Minh Khai được xây dựng và hoàn thiện.', // [001]
        illustrative: ['percentComplete'],
      },
    ],
  },
  {
    key: 'van-minh-do-thi-duc-xuan',
    resolution: 'nq-07',
    title:
      'Xây dựng nếp sống văn hóa, văn minh đô thị; chống lấn chiếm lòng đường, vỉa hè trên địa bàn ' +
      'phường Đức Xuân',
    unitId: 'phuong-duc-xuan',
    targetCodes: [],
    dueOn: '2025-12-31',
    illustrative: true,
    reports: [
      {
        year: 2021,
        percentComplete: 30,
        narrative: 'Ra quân chỉnh trang đô thị, tuyên truyền quy tắc ứng xử nơi công cộng.',
        illustrative: true,
      },
      {
        year: 2022,
        percentComplete: 50,
        narrative: 'Duy trì tuyến phố văn minh; xử lý các trường hợp lấn chiếm vỉa hè.',
        difficulties: 'Tình trạng lấn chiếm lòng đường, vỉa hè còn tái diễn.',
        illustrative: true,
      },
    ],
  },
];

// ─── The mid-term review (sơ kết giữa nhiệm kỳ) ────────────────────────────────────────────────

/**
 * Held in 2023, covering 2021–2022. [001]: "Tính đến nay, có 18/30 chỉ tiêu Nghị quyết đạt và
 * vượt kế hoạch đề ra." The computed assessments of the values above give 12 EXCEEDED, 6 MET,
 * 7 ON_SCHEDULE and 5 BEHIND; the committee overrides one BEHIND to ON_SCHEDULE, which leaves
 * "achieved or exceeded" at 18.
 */
export const midtermReview = {
  heldOn: '2023-06-20', // illustrative: the articles do not give the date
  coversThroughYear: 2022,
  overrides: [
    {
      targetCode: 'KT-09',
      assessment: 'ON_SCHEDULE' as Assessment,
      justification:
        'Chỉ tiêu tính theo số xã được công nhận nên chỉ tăng khi có quyết định công nhận; đến hết ' +
        'năm 2022 xã Dương Quang và xã Nông Thượng đã hoàn thiện phần lớn tiêu chí nông thôn mới ' +
        'nâng cao. Ban Thường vụ đánh giá chỉ tiêu đạt tiến độ.',
      illustrative: true as Illustrative,
    },
  ],
  conclusions:
    'Tính đến hết năm 2022, có 18/30 chỉ tiêu Nghị quyết đạt và vượt kế hoạch đề ra. Nhiệm vụ cải ' +
    'cách hành chính gắn với chuyển đổi số tiếp tục có những chuyển biến tích cực; nhiệm vụ xây ' +
    'dựng nếp sống văn hóa, văn minh đô thị thu hút được sự quan tâm, đồng thuận thực hiện của cán ' +
    'bộ, đảng viên và quần chúng nhân dân. Việc huy động các nguồn lực thu hút đầu tư xây dựng kết ' +
    'cấu hạ tầng, chỉnh trang đô thị tiếp tục được chú trọng; nhiều công trình trọng điểm được xây ' +
    'dựng và hoàn thiện như cầu Đội Kỳ, đường tổ 11B Đức Xuân đi tổ 11 phường Phùng Chí Kiên, Khu ' +
    'dân cư Thương mại và Chợ Nguyễn Thị Minh Khai. Còn một số chỉ tiêu Nghị quyết chưa đạt được ' +
    'kết quả như mong muốn.', // [001]
  directives: [
    'Các cấp ủy, chính quyền tiếp tục tuyên truyền sâu rộng về 04 chương trình trọng tâm.',
    'Tiếp tục sinh hoạt chi bộ chuyên đề về nội dung của Nghị quyết, để nâng cao nhận thức, tạo sự ' +
      'thống nhất, quyết tâm cao của từng đảng viên trong thực hiện Nghị quyết.',
    'Phấn đấu đến năm 2025 các chỉ tiêu của Nghị quyết đạt và vượt.',
    'Tập trung triển khai thực hiện quyết liệt, hiệu quả Chương trình hành động số 11 của Ban Chấp ' +
      'hành Đảng bộ thành phố về thực hiện Nghị quyết số 29 của Ban Thường vụ Tỉnh ủy "xây dựng và ' +
      'phát triển thành phố Bắc Kạn đến năm 2030, tầm nhìn đến năm 2045".',
    'Đẩy nhanh Dự án xây dựng sân vận động tỉnh và các hạng mục phụ trợ, tuyến đường kết nối ' +
      'Phiêng My, đường vào hồ Nặm Cắt.',
  ], // [001]
  /** What the review must show: the published "18/30". */
  expectedSummary: {
    total: 30,
    exceeded: 12,
    met: 6,
    onSchedule: 8,
    behind: 4,
    noData: 0,
    achievedOrExceeded: 18,
  },
};

// ─── The provincial Standing Committee's visit ([004]) ──────────────────────────────────────────

export const supervisionVisit = {
  /** [004] gives "Chiều 19/3" without the year; 2024 is an assumption (after the mid-term review). */
  visitedOn: '2024-03-19',
  body: 'Ban Thường vụ Tỉnh ủy Bắc Kạn',
  findings:
    'Ban Chấp hành Đảng bộ thành phố đã tập trung lãnh đạo, chỉ đạo thực hiện nhiệm vụ toàn diện ' +
    'trên các lĩnh vực; các chỉ tiêu nghị quyết, kế hoạch hằng năm cơ bản đạt và vượt mục tiêu đề ' +
    'ra; thành phố hoàn thành nhiệm vụ xây dựng nông thôn mới năm 2020; hạ tầng đô thị được hoàn ' +
    'thiện theo hướng đồng bộ, từng bước đáp ứng các tiêu chí đô thị loại II. Tuy nhiên, kết quả ' +
    'thực hiện một số chỉ tiêu Nghị quyết Đại hội chưa đạt tiến độ đề ra; các giải pháp để tăng thu ' +
    'ngân sách chưa đạt hiệu quả; việc huy động các nguồn lực và đầu tư xây dựng kết cấu hạ tầng ' +
    'còn khó khăn; tiến độ một số dự án đầu tư công trung hạn 2021-2025 còn chậm; công tác bồi ' +
    'thường, giải phóng mặt bằng một số công trình chưa đáp ứng tiến độ; cải cách hành chính, ' +
    'chuyển đổi số ở một số địa phương, đơn vị chưa được quan tâm đúng mức; tình hình trật tự an ' +
    'toàn xã hội còn tiềm ẩn yếu tố phức tạp.',
  conclusions: [
    'Ghi nhận những nỗ lực, cố gắng của Ban Thường vụ Thành ủy Bắc Kạn trong thời gian qua.',
    'Đảng bộ thành phố cần xác định xây dựng Đảng là nhiệm vụ then chốt.',
    'Thành phố cần nghiêm túc rút kinh nghiệm công tác quản lý quy hoạch, quản lý đất đai trong ' +
      'thời gian qua.',
    'Thành phố phải phát huy được lợi thế và dẫn đầu về mọi lĩnh vực so với các huyện trong tỉnh.',
  ],
  /**
   * All 17 tasks the Provincial Party Secretary's closing remarks set ([004]), in the article's
   * order; the first three sentences of the remarks are recorded as conclusions. Two pairs the
   * article gives in one breath are kept together (education and heritage for traditional
   * education; a green, clean city and its waste).
   */
  directives: [
    'Quan tâm đến công tác đào tạo, bồi dưỡng cán bộ, đảng viên; làm tốt công tác phê bình và tự ' +
      'phê bình.',
    'Xác định phát triển các ngành nghề phù hợp với thành phố, cần có tư duy khác với các địa ' +
      'phương khác.',
    'Tìm cách thu hút đầu tư, thu hút khách du lịch.',
    'Đẩy nhanh tiến độ các dự án trọng điểm của thành phố, nhất là công trình sân vận động tỉnh.',
    'Đặc biệt quan tâm chất lượng giáo dục; bảo tồn các điểm di tích lịch sử văn hóa để phục vụ ' +
      'giáo dục truyền thống.',
    'Tăng cường quảng bá thông tin về thành phố.',
    'Có tư duy mới hơn về phát triển kinh tế.',
    'Khơi dậy tiềm năng về văn hóa và nguồn lực con người.',
    'Đa dạng hóa, tạo sân chơi cho thanh niên giao lưu văn hóa.',
    'Rà soát các vụ việc liên quan đất đai còn tồn đọng để giải quyết sớm.',
    'Tạo quỹ đất để phát triển mở rộng không gian thành phố, chuẩn bị tốt cho quy hoạch kết nối ' +
      'giao thông.',
    'Chỉnh trang thành phố xanh – sạch – đẹp; quan tâm xử lý tốt lĩnh vực thu gom, xử lý rác ' +
      'thải, chống lấn chiếm lòng đường, vỉa hè.',
    'Tăng cường cải cách hành chính, quan tâm giải quyết đơn thư.',
    'Đổi mới cách tuyên truyền, vận động Nhân dân thực hiện các phong trào thi đua xây dựng thành ' +
      'phố.',
    'Táo bạo hơn nữa trong các đề xuất, kiến nghị và đổi mới tư duy, cách thức làm việc.',
    'Lãnh đạo có trọng tâm, trọng điểm, không dàn trải.',
    'Chú ý đào tạo bồi dưỡng nguồn nhân lực.',
  ], // [004]
  illustrative: ['visitedOn'] as Illustrative,
};

// ─── Units, allocations, tasks from the visit, report approval ──────────────────────────────────

/** The city's Party organisation, the top of the units (the others are registered under it). */
export const CITY_PARTY_COMMITTEE = { id: 'dang-bo-thanh-pho', name: 'Đảng bộ thành phố Bắc Kạn' };

/** The kind of each unit of UNITS, from its name: wards, communes, the rest agencies. */
export function unitKindOf(unitId: string): 'WARD' | 'COMMUNE' | 'AGENCY' {
  if (unitId.startsWith('phuong-')) return 'WARD';
  if (unitId.startsWith('xa-')) return 'COMMUNE';
  return 'AGENCY';
}

/**
 * XD-01 "kết nạp 450 đảng viên" split across the wards' and communes' Party organisations. The
 * articles give only the city's total: every unit figure is illustrative (minh họa).
 */
export const membersAllocation = {
  targetCode: 'XD-01',
  allocations: [
    { unitId: 'phuong-duc-xuan', value: '110' },
    { unitId: 'phuong-phung-chi-kien', value: '100' },
    { unitId: 'phuong-nguyen-thi-minh-khai', value: '100' },
    { unitId: 'xa-duong-quang', value: '70' },
    { unitId: 'xa-nong-thuong', value: '70' },
  ],
  illustrative: true as Illustrative,
};

/** Tasks the city gives to carry out directives of the provincial visit (index into its list). */
export interface VisitDirectiveTask {
  key: string;
  directive: number;
  title: string;
  unitId: string;
  targetCodes: string[];
  dueOn: string;
  /** A report for 2023 with the unit's own figures (illustrative). */
  report2023?: Record<string, string>;
}

export const visitDirectiveTasks: VisitDirectiveTask[] = [
  ...membersAllocation.allocations.map((a, i) => ({
    key: `visit-dang-vien-${a.unitId}`,
    directive: 0,
    title: `Bồi dưỡng cán bộ, đảng viên và kết nạp đảng viên mới – ${UNITS[a.unitId]}`,
    unitId: a.unitId,
    targetCodes: ['XD-01'],
    dueOn: '2025-06-30',
    report2023: { 'XD-01': ['24', '31', '19', '12', '9'][i] },
  })),
  {
    key: 'visit-san-van-dong',
    directive: 3,
    title: 'Đẩy nhanh tiến độ công trình sân vận động tỉnh và các dự án trọng điểm',
    unitId: 'ubnd-thanh-pho',
    targetCodes: [],
    dueOn: '2025-12-31',
  },
  {
    key: 'visit-dat-dai',
    directive: 9,
    title: 'Rà soát, giải quyết dứt điểm các vụ việc đất đai còn tồn đọng',
    unitId: 'phong-tai-nguyen-moi-truong',
    targetCodes: [],
    dueOn: '2024-12-31',
  },
  {
    key: 'visit-cai-cach-hanh-chinh',
    directive: 12,
    title: 'Tăng cường cải cách hành chính, giải quyết đơn thư',
    unitId: 'phong-noi-vu',
    targetCodes: [],
    dueOn: '2024-12-31',
  },
];

/**
 * Report approval: one report returned with a reason and sent again corrected (the wrong figure
 * is illustrative); the reports of the last `leftSubmitted` tasks of 2022 still await approval.
 */
export const returnedReport = {
  taskKey: 'to-chuc',
  year: 2022,
  wrongValues: { 'XD-01': '880' } as Record<string, string>,
  reason:
    'Số đảng viên kết nạp năm 2022 ghi 880 không khớp hồ sơ kết nạp; đề nghị kiểm tra, báo cáo lại.',
  leftSubmitted: 2,
  illustrative: true as Illustrative,
};
