/**
 * Which of the dataset's classes a run sees (RunSpec.classes): all of them, or a subset such as 5-9,
 * renumbered for a fresh head. The new-classes lesson fine-tunes on 5-9 a model that saw only 0-4.
 */
import { useEffect, useState } from 'react';

import { classNamesOf, classSubsetProblems, formatClassList, parseClassList } from '../../core/spec/class-list';
import { isRunActive, useAppStore } from '../../store/app-store';
import { useActions } from '../actions-context';

export function ClassSubsetField({ classes }: { classes: readonly string[] }) {
  const actions = useActions();
  const subset = useAppStore((s) => s.draft?.classes);
  const active = useAppStore((s) => isRunActive(s.run?.state ?? null));
  const shown = subset ? formatClassList(subset) : '';
  const [text, setText] = useState(shown);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setText(shown), [shown]);

  const apply = (value: string): void => {
    if (value.trim() === '') {
      setProblem(null);
      actions.editDraft((d) => {
        const next = { ...d };
        delete next.classes;
        return next;
      });
      return;
    }
    try {
      const list = parseClassList(value);
      const problems = classSubsetProblems(list, classes.length);
      if (problems.length > 0) throw new Error(problems.join('; '));
      setProblem(null);
      actions.editDraft((d) => ({ ...d, classes: list }));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <>
      <label className="field">
        <span>Run on classes</span>
        <input
          type="text"
          value={text}
          placeholder={`all ${classes.length}`}
          disabled={active}
          aria-label="Run on classes"
          aria-invalid={problem !== null}
          aria-describedby="class-subset-note"
          onChange={(e) => setText(e.target.value)}
          onBlur={(e) => apply(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply(e.currentTarget.value);
          }}
        />
      </label>
      <span
        id="class-subset-note"
        className={problem ? 'error small' : 'muted small'}
        role={problem ? 'alert' : undefined}
      >
        {problem ??
          (subset
            ? `${subset.length} of ${classes.length}: ${classNamesOf(classes, subset).join(', ')}, renumbered for a fresh ${subset.length}-way head.`
            : `Every class; type e.g. 5-9 to fine-tune on some only.`)}
      </span>
    </>
  );
}
