// /admin/option-groups: groups and their options.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { ValidationError } from '../../../domain/errors.js';
import { pageContext } from '../../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { idParam } from '../params.js';
import { groupToValues, groupValues, optionToValues, optionValues, parseGroup, parseOption } from './option-form.js';
import { createGroup, createOption, updateGroup, updateOption } from './option-service.js';
import { GroupFormPage, GroupListPage, GroupPage, OptionFormPage } from './option-views.js';
import { getOption, getOptionGroup, listOptionGroups } from './queries.js';

type GroupParams = { Params: { id: string } };
type OptionParams = { Params: { id: string; optionId: string } };

export async function adminOptionPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;
  const group = (id: string) => getOptionGroup(db, idParam(id, 'Option group'));

  app.get('/admin/option-groups', async (request, reply) => {
    const [ctx, groups] = await Promise.all([pageContext(deps, request, reply), listOptionGroups(db)]);
    return sendPage(reply, <GroupListPage ctx={ctx} groups={groups} />);
  });

  app.get('/admin/option-groups/new', async (request, reply) =>
    sendPage(reply, <GroupFormPage ctx={await pageContext(deps, request, reply)} values={{}} />));

  app.post('/admin/option-groups', async (request, reply) => {
    const admin = requireAdmin(request);
    const values = groupValues(request.body);
    try {
      const input = parseGroup(values);
      const id = await createGroup(db, admin.id, input);
      return redirectWithFlash(reply, `/admin/option-groups/${id}`, `Created ${input.name}. Add its options below.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <GroupFormPage ctx={await pageContext(deps, request, reply)} values={values} errors={error.fields} />, 400);
    }
  });

  app.get<GroupParams>('/admin/option-groups/:id', async (request, reply) => {
    const g = await group(request.params.id);
    return sendPage(reply, <GroupPage ctx={await pageContext(deps, request, reply)} group={g} values={groupToValues(g)} />);
  });

  app.post<GroupParams>('/admin/option-groups/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const g = await group(request.params.id);
    const values = groupValues(request.body);
    try {
      const input = parseGroup(values);
      await updateGroup(db, admin.id, g.id, input);
      return redirectWithFlash(reply, `/admin/option-groups/${g.id}`, `Saved ${input.name}.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <GroupPage ctx={await pageContext(deps, request, reply)} group={g} values={values} errors={error.fields} />, 400);
    }
  });

  app.get<GroupParams>('/admin/option-groups/:id/options/new', async (request, reply) => {
    const g = await group(request.params.id);
    return sendPage(reply, <OptionFormPage ctx={await pageContext(deps, request, reply)} group={g} values={{}} />);
  });

  app.post<GroupParams>('/admin/option-groups/:id/options', async (request, reply) => {
    const admin = requireAdmin(request);
    const g = await group(request.params.id);
    const values = optionValues(request.body);
    try {
      const input = parseOption(values);
      await createOption(db, admin.id, g.id, input);
      return redirectWithFlash(reply, `/admin/option-groups/${g.id}`, `Added ${input.name}. It is available at every store.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <OptionFormPage ctx={await pageContext(deps, request, reply)} group={g} values={values} errors={error.fields} />, 400);
    }
  });

  app.get<OptionParams>('/admin/option-groups/:id/options/:optionId/edit', async (request, reply) => {
    const g = await group(request.params.id);
    const option = await getOption(db, g.id, idParam(request.params.optionId, 'Option'));
    return sendPage(reply, <OptionFormPage ctx={await pageContext(deps, request, reply)} group={g} optionId={option.id} values={optionToValues(option)} />);
  });

  app.post<OptionParams>('/admin/option-groups/:id/options/:optionId', async (request, reply) => {
    const admin = requireAdmin(request);
    const g = await group(request.params.id);
    const option = await getOption(db, g.id, idParam(request.params.optionId, 'Option'));
    const values = optionValues(request.body);
    try {
      const input = parseOption(values);
      await updateOption(db, admin.id, g.id, option.id, input);
      return redirectWithFlash(reply, `/admin/option-groups/${g.id}`, `Saved ${input.name}.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <OptionFormPage ctx={await pageContext(deps, request, reply)} group={g} optionId={option.id} values={values} errors={error.fields} />, 400);
    }
  });
}
