import { type SvmModel } from '/work/main/spec/index.ts';
import { classifyGrid, decisionGrid } from '/work/main/src/wasm/classify.ts';
import { Random } from '/work/main/src/random.ts';
const r = new Random(1);
const VALUES = [0.1, 0.3, 0.5, 0.7, 0.9];
function model(kernel: 'rbf'|'poly'|'linear', nsv: number): SvmModel {
  const sv = Float64Array.from({length: nsv*6}, () => VALUES[r.int(5)]!);
  const coef = Float64Array.from({length: nsv}, () => r.float()*2-1);
  return { kernel, gamma: 0.5 + r.float()*3, coef0: r.float(), degree: 4, dim: 6, supportVectors: sv, dualCoef: coef, intercept: 0 };
}
const m = model('rbf', 100);
for (let k=0;k<5;k++) decisionGrid(m, VALUES, 6);
let t = performance.now(); for (let k=0;k<50;k++) decisionGrid(m, VALUES, 6); console.log('one model dense ms', (performance.now()-t)/50);
const path = [0,1,2].map(k => ({ classifier: model('rbf', 100), good: true }));
const a = classifyGrid(path.slice(0,1), VALUES, 6), b = classifyGrid(path.slice(0,2), VALUES, 6), c = classifyGrid(path, VALUES, 6);
console.log('alive', a.reduce((s,v)=>s+v,0), b.reduce((s,v)=>s+v,0), c.reduce((s,v)=>s+v,0));
t = performance.now(); for (let k=0;k<50;k++) classifyGrid(path, VALUES, 6); console.log('path ms', (performance.now()-t)/50);
