/**
 * The formula syntax of libs/formula (Parser), checked in the browser as the user types: point references
 * [point-id], data item references {dataCode}, numbers with an optional unit (0.1229<kgce/kWh>), + - * /, unary minus,
 * parentheses and sum/min/max/abs(...). Unknown references are named. The portal checks again on save with the
 * library itself (units, cycles), and its answer is shown at the field.
 */
export interface FormulaProblem {
  at: number;
  zh: string;
  en: string;
}

const FUNCTIONS = new Set(['sum', 'min', 'max', 'abs']);

export function checkFormula(text: string, points: Set<string>, items: Set<string>): FormulaProblem | null {
  let pos = 0;
  const fail = (at: number, zh: string, en: string): never => {
    throw { at, zh, en } as FormulaProblem;
  };
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  // operand (op operand)*: one level of left-associative operators
  const chain = (ops: string, operand: () => void) => (): void => {
    operand();
    skip();
    while (pos < text.length && ops.includes(text[pos])) {
      pos++;
      operand();
      skip();
    }
  };
  const unary = (): void => {
    skip();
    if (text[pos] === '-') {
      pos++;
      unary();
      return;
    }
    primary();
  };
  const term = chain('*/', unary);
  const expr = chain('+-', term);
  const primary = (): void => {
    skip();
    const c = text[pos];
    const start = pos;
    if (c === undefined) fail(pos, '公式不完整：此处缺少数值、测点或数据项', 'incomplete formula: a number, point or item is missing here');
    if (c === '[' || c === '{') {
      const close = c === '[' ? ']' : '}';
      const end = text.indexOf(close, pos + 1);
      if (end < 0) fail(pos, `缺少“${close}”`, `missing '${close}'`);
      const ref = text.slice(pos + 1, end).trim();
      if (!ref) fail(pos, '引用不能为空', 'an empty reference');
      if (c === '[' && !points.has(ref)) fail(start, `测点 [${ref}] 不存在`, `unknown point [${ref}]`);
      if (c === '{' && !items.has(ref)) fail(start, `数据项 {${ref}} 不存在`, `unknown data item {${ref}}`);
      pos = end + 1;
      return;
    }
    if (c === '(') {
      pos++;
      expr();
      skip();
      if (text[pos] !== ')') fail(pos, '缺少“)”', "missing ')'");
      pos++;
      return;
    }
    const number = /^\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(pos));
    if (number) {
      pos += number[0].length;
      if (text[pos] === '<') {
        const end = text.indexOf('>', pos);
        if (end < 0) fail(pos, '单位缺少“>”', "unit without '>'");
        pos = end + 1;
      }
      return;
    }
    const name = /^[A-Za-z_]\w*/.exec(text.slice(pos));
    if (name) {
      if (!FUNCTIONS.has(name[0])) fail(pos, `未知函数“${name[0]}”（可用：sum、min、max、abs）`, `unknown function '${name[0]}' (known: sum, min, max, abs)`);
      pos += name[0].length;
      skip();
      if (text[pos] !== '(') fail(pos, `函数 ${name[0]} 后应有“(”`, `'(' expected after ${name[0]}`);
      pos++;
      expr();
      skip();
      while (text[pos] === ',') {
        pos++;
        expr();
        skip();
      }
      if (text[pos] !== ')') fail(pos, '缺少“)”', "missing ')'");
      pos++;
      return;
    }
    fail(pos, `此处不能出现“${c}”`, `unexpected '${c}'`);
  };
  try {
    if (!text.trim()) fail(0, '公式不能为空', 'the formula is empty');
    expr();
    skip();
    if (pos < text.length) fail(pos, `多余的“${text.slice(pos, pos + 10)}”`, `unexpected '${text.slice(pos, pos + 10)}'`);
    return null;
  } catch (e) {
    if (e && typeof e === 'object' && 'at' in e) return e as FormulaProblem;
    throw e;
  }
}
