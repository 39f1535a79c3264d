#!/usr/bin/env node
// A synthetic corpus for when the shared real-title corpus (../shared/tools/make-perf-corpus.mjs) is not
// available: deterministic, benign-looking Chinese listings in the same shape — {id, title, price} and, on
// every third listing, a description of a few sentences. Titles are assembled from generic shop vocabulary
// written for this file (no real titles are copied), with the run-on keyword style of marketplace titles.
//
// usage: node bench/corpus.mjs N > corpus.jsonl
import { fileURLToPath } from 'node:url';
import { rng } from './lib/common.mjs';

const YEARS = ['2024新款', '2025新款', '2026年新款', '春季新品', '秋冬款', '夏季', '新品', '爆款', '', '', ''];
const ADJ = ['加厚', '超薄', '便携式', '大容量', '家用', '商用', '迷你', '高清', '防水', '耐磨', '轻便', '多功能', '静音', '简约',
  '北欧风', '复古', '韩版', '宽松', '修身', '纯棉', '加绒', '不锈钢', '实木', '硅胶', '透气', '速干', '可折叠', '无线', '智能', '原装'];
const GOODS = ['保温杯', '双肩包', '手机壳', '数据线', '蓝牙耳机', '台灯', '收纳盒', '拖鞋', '运动鞋', '卫衣', '牛仔裤', '连衣裙',
  '羽绒服', '电饭煲', '炒锅', '砧板', '茶具套装', '咖啡机', '加湿器', '电风扇', '鼠标垫', '机械键盘', '显示器支架', '充电宝',
  '行李箱', '雨伞', '床单四件套', '枕头', '毛巾', '牙刷', '洗发水', '沐浴露', '面霜', '口红', '防晒霜', '狗粮', '猫砂', '鱼缸',
  '花盆', '园艺剪刀', '螺丝刀套装', '电钻', '卷尺', '登山杖', '瑜伽垫', '哑铃', '跳绳', '篮球', '羽毛球拍', '积木', '拼图',
  '绘本', '笔记本', '中性笔', '书包', '文件夹', '计算器', '相框', '挂钟', '香薰', '蜡烛', '抱枕', '地毯', '窗帘', '衣架'];
const AUDIENCE = ['男士', '女士', '儿童', '学生', '宝宝', '情侣', '中老年', '办公室', '宿舍', '户外', '厨房', '卫生间', '车载', ''];
const SPEC = ['500ml', '1.5L', '20寸', '24寸', 'S码', 'XL', '36-44码', '3米', '10只装', '5包', '套装', '组合装', '一对', '100片',
  '黑色', '白色', '灰色', '粉色', '藏青', '卡其色', '透明款', '升级款', '标准版', 'pro版', 'USB接口', 'type-c'];
const TAIL = ['包邮', '送礼', '现货速发', '厂家直销', '正品保障', '七天无理由', '顺丰', '批发', '可定做', '旗舰店', '', '', ''];
const BRANDISH = ['ka', 'mo', 'lin', 'xi', 'tu', 'ro', 'ne', 'va', 'zo', 'pe'];

const OPEN = ['收到了，', '第二次买了，', '给家里人买的，', '物流很快，', '包装完好，', '客服态度不错，', '用了一周，', '和图片一样，'];
const BODY = ['质量比想象的好', '做工还算精细', '颜色有一点色差', '尺寸刚刚好', '味道不大', '声音很小', '续航时间够用',
  '安装很简单', '材质摸起来很舒服', '性价比挺高', '发货稍微慢了点', '说明书写得清楚', '孩子很喜欢', '比实体店便宜'];
const CLOSE = ['，会回购。', '，推荐购买。', '，总体满意。', '，给个好评。', '，还要再观察一下。', '。'];

const pick = (rnd, xs) => xs[rnd(xs.length)];

export function syntheticTitle(rnd) {
  const brand = rnd(3) === 0 ? pick(rnd, BRANDISH) + pick(rnd, BRANDISH) : '';
  const parts = [pick(rnd, YEARS), brand, pick(rnd, ADJ), pick(rnd, ADJ), pick(rnd, AUDIENCE), pick(rnd, GOODS), pick(rnd, SPEC)];
  if (rnd(2)) parts.push(pick(rnd, ADJ) + pick(rnd, GOODS));
  parts.push(pick(rnd, TAIL));
  return parts.filter(Boolean).join(rnd(4) === 0 ? ' ' : '');
}

export function syntheticDescription(rnd) {
  let s = pick(rnd, OPEN);
  const n = 1 + rnd(4);
  for (let i = 0; i < n; i++) s += pick(rnd, BODY) + (i + 1 < n ? '，' : '');
  return s + pick(rnd, CLOSE);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number(process.argv[2] ?? 100000);
  const rnd = rng(12345);
  const out = [];
  for (let i = 0; i < n; i++) {
    const l = { id: `s-${i}`, title: syntheticTitle(rnd), price: (rnd(100000) + 100) / 100 };
    if (i % 3 === 0) l.description = syntheticDescription(rnd);
    out.push(JSON.stringify(l));
    if (out.length === 10000) {
      process.stdout.write(out.join('\n') + '\n');
      out.length = 0;
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
}
